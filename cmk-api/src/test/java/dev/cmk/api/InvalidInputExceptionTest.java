package dev.cmk.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InvalidInputExceptionTest {

    @Test
    void message_namesPartValueRuleAndExample() {
        InvalidInputException e = new InvalidInputException("key version", "a key version is 32 hex", "abc",
                "4f2c7d9a1b3e4c5d6e7f8091a2b3c4d5");
        assertThat(e).hasMessage("key version 'abc' is refused: a key version is 32 hex. Example of a valid value: "
                + "4f2c7d9a1b3e4c5d6e7f8091a2b3c4d5");
        assertThat(e.part()).isEqualTo("key version");
        assertThat(e.rule()).isEqualTo("a key version is 32 hex");
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(e).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void describe_rendersNullAsAWord() {
        assertThat(InvalidInputException.describe(null)).isEqualTo("(null)");
    }

    @Test
    void describe_keepsUpTo120PrintableCharactersUnchanged() {
        String v = "a".repeat(120);
        assertThat(InvalidInputException.describe(v)).isEqualTo("'" + v + "'");
    }

    @Test
    void describe_shortensLongValuesAndSaysHowLongTheyWere() {
        assertThat(InvalidInputException.describe("a".repeat(121)))
                .isEqualTo("'" + "a".repeat(120) + "...(121 chars)'");
    }

    @Test
    void describe_escapesControlAndNonAsciiCharacters() {
        assertThat(InvalidInputException.describe("a\0b\r\n\u007f\u0085\u0430\ud83d\udd11"))
                .isEqualTo("'a\\u0000b\\u000d\\u000a\\u007f\\u0085\\u0430\\ud83d\\udd11'");
    }

    @Test
    void describe_boundsTheRenderingNotJustTheInputWhenEverythingIsEscaped() {
        String rendered = InvalidInputException.describe("\0".repeat(1 << 20));
        assertThat(rendered).startsWith("'\\u0000").endsWith("...(1048576 chars)'");
        assertThat(rendered.length()).isLessThanOrEqualTo(2 + 120 + "...(1048576 chars)".length());
        assertThat(InvalidInputException.describe("\u0430".repeat(20)))
                .isEqualTo("'" + "\\u0430".repeat(20) + "'");
        assertThat(InvalidInputException.describe("\u0430".repeat(21)))
                .isEqualTo("'" + "\\u0430".repeat(20) + "...(21 chars)'");
    }

    @Test
    void describe_neverSplitsAnEscape() {
        String rendered = InvalidInputException.describe("abc" + "\0".repeat(100));
        assertThat(rendered).isEqualTo("'abc" + "\\u0000".repeat(19) + "...(103 chars)'");
    }
}
