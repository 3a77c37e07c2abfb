package dev.cmk.azure.testkit;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * A stub HTTP client for tests: records every request and answers it with a function of the request. Key Vault
 * hosts get the authentication challenge when a request carries no token, as the real service does.
 */
final class StubHttp implements HttpClient {
    /** One recorded request. */
    record Recorded(String method, String url, String body) {
    }

    /** A canned answer. */
    record Answer(int status, String body, HttpHeaders headers) {
        static Answer ok(String body) {
            return new Answer(200, body, new HttpHeaders());
        }

        static Answer error(int status, String code, String message) {
            return new Answer(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}",
                    new HttpHeaders());
        }
    }

    final List<Recorded> requests = new ArrayList<>();
    private final Function<Recorded, Answer> answers;

    StubHttp(Function<Recorded, Answer> answers) {
        this.answers = answers;
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return Mono.fromCallable(() -> sendSync(request, Context.NONE));
    }

    @Override
    public HttpResponse sendSync(HttpRequest request, Context context) {
        BinaryData b = request.getBodyAsBinaryData();
        String host = request.getUrl().getHost();
        if (host.contains(".vault.") || host.contains(".managedhsm.")) {
            if (request.getHeaders().getValue(HttpHeaderName.AUTHORIZATION) == null) {
                HttpHeaders h = new HttpHeaders().set(HttpHeaderName.WWW_AUTHENTICATE, "Bearer authorization="
                        + "\"https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47\", "
                        + "resource=\"https://vault.azure.net\"");
                return new FakeResponse(request, 401, h, "{}");
            }
        }
        Recorded r = new Recorded(request.getHttpMethod().name(), request.getUrl().toString(),
                b == null ? null : b.toString());
        requests.add(r);
        Answer a = answers.apply(r);
        return new FakeResponse(request, a.status(), a.headers(), a.body());
    }

    /** The last recorded request with the given method. */
    Recorded last(String method) {
        for (int i = requests.size() - 1; i >= 0; i--) {
            if (requests.get(i).method().equals(method)) {
                return requests.get(i);
            }
        }
        throw new AssertionError("no " + method + " request among " + requests);
    }
}
