package dev.cmk.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one tag codec: reads the tags cmk has always written, writes a schema version, keeps foreign tags. */
class RotationRecordTest {

    @Test
    void readsTheTagSetsWrittenByEarlierReleases() {
        // exactly what the previous release wrote on creation, after a retire-flag update, on abort and on completion
        Map<String, String> created = Map.of("cmk-rotation", "rot-2026-01-01", "cmk-rotated-from", "abc",
                "cmk-retire", "false");
        assertThat(RotationRecord.read(created)).contains(new RotationRecord(1, "rot-2026-01-01", Optional.of("abc"),
                false, false, false));
        assertThat(RotationRecord.read(Map.of("cmk-rotation", "r", "cmk-rotated-from", "abc", "cmk-retire", "true",
                "cmk-aborted", "true"))).hasValueSatisfying(r -> {
                    assertThat(r.aborted()).isTrue();
                    assertThat(r.retire()).isTrue();
                    assertThat(r.understood()).isTrue();
                });
        assertThat(RotationRecord.read(Map.of("cmk-rotation", "r", "cmk-retire", "true", "cmk-completed", "true")))
                .hasValueSatisfying(r -> {
                    assertThat(r.completed()).isTrue();
                    assertThat(r.rotatedFrom()).isEmpty();
                });
        assertThat(RotationRecord.read(Map.of("cmk-retired-by", "r", "owner", "team-a"))).isEmpty();
    }

    @Test
    void writesTheSchemaVersion_andKeepsOtherTags() {
        Map<String, String> tags = RotationRecord.started("r", "abc", true).markCompleted()
                .writeOnto(Map.of("owner", "team-a"));
        assertThat(tags).containsEntry("cmk-schema", "1").containsEntry("cmk-rotation", "r")
                .containsEntry("cmk-rotated-from", "abc").containsEntry("cmk-retire", "true")
                .containsEntry("cmk-completed", "true").containsEntry("owner", "team-a").doesNotContainKey(
                        "cmk-aborted");
        assertThat(RotationRecord.read(tags)).contains(new RotationRecord(1, "r", Optional.of("abc"), true, false,
                true));
    }

    @Test
    void aNewerOrUnreadableSchema_isReadButNotUnderstood() {
        assertThat(RotationRecord.read(Map.of("cmk-rotation", "r", "cmk-schema", "2")).orElseThrow().understood())
                .isFalse();
        assertThat(RotationRecord.read(Map.of("cmk-rotation", "r", "cmk-schema", "x")).orElseThrow().understood())
                .isFalse();
    }

    @Test
    void revokeAndRestoreTags_roundTrip() {
        Map<String, String> revoked = RotationRecord.revokedBy(Map.of("cmk-rotation", "r"), "rev-1");
        assertThat(RotationRecord.revocation(revoked)).contains("rev-1");
        assertThat(RotationRecord.restored(revoked)).isEqualTo(Map.of("cmk-rotation", "r"));
        assertThat(RotationRecord.retiredBy(Map.of(), "r")).isEqualTo(Map.of("cmk-retired-by", "r"));
    }
}
