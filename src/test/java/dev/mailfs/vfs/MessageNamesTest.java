package dev.mailfs.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.mail.MessageMeta;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageNamesTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final Instant SENT = Instant.parse("2024-03-01T14:32:59Z");
    private static final Instant RECEIVED = Instant.parse("2024-03-02T08:05:00Z");
    private static final String MESSAGE_ID = "<q1-report.20240301@example.com>";

    private final MessageNames names = new MessageNames(UTC);

    private static MessageMeta message(long uid, Optional<Instant> sent, String subject, String messageId, Set<String> flags) {
        return new MessageMeta(uid, 1234, RECEIVED, sent, subject, "Alice <alice@example.com>", "", messageId, flags);
    }

    private static MessageMeta message(long uid, String subject, String messageId) {
        return message(uid, Optional.of(SENT), subject, messageId, Set.of());
    }

    /** First 8 hex digits of SHA-256 over the text, computed here without the code under test. */
    private static String sha8(String text) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            hex.append(String.format("%02x", digest[i] & 0xff));
        }
        return hex.toString();
    }

    private String nameOf(MessageMeta message) {
        TreeMap<String, MessageMeta> named = names.nameAll(List.of(message));
        assertEquals(1, named.size());
        return named.firstKey();
    }

    @Test
    void nameIsDateSubjectAndHashOfMessageId() throws Exception {
        String name = nameOf(message(7, "Quarterly report", MESSAGE_ID));
        assertEquals("2024-03-01 14.32 Quarterly report (" + sha8(MESSAGE_ID) + ").eml", name);
    }

    @Test
    void knownMessageIdGivesKnownHash() throws Exception {
        // a fixed point, so that a change of hash or encoding does not go unnoticed
        assertEquals(sha8("<a@b>"), MessageNames.shortId(message(1, "x", "<a@b>")));
        assertTrue(MessageNames.shortId(message(1, "x", "<a@b>")).matches("[0-9a-f]{8}"));
    }

    @Test
    void dateIsShownInTheGivenZone() throws Exception {
        MessageNames berlin = new MessageNames(ZoneId.of("Europe/Berlin"));
        String name = berlin.nameAll(List.of(message(7, "Quarterly report", MESSAGE_ID))).firstKey();
        assertEquals("2024-03-01 15.32 Quarterly report (" + sha8(MESSAGE_ID) + ").eml", name);
    }

    @Test
    void internalDateIsUsedWhenThereIsNoSentDate() throws Exception {
        String name = nameOf(message(7, Optional.empty(), "Quarterly report", MESSAGE_ID, Set.of()));
        assertEquals("2024-03-02 08.05 Quarterly report (" + sha8(MESSAGE_ID) + ").eml", name);
    }

    @Test
    void flagChangeDoesNotRename() {
        String unread = nameOf(message(7, Optional.of(SENT), "Quarterly report", MESSAGE_ID, Set.of()));
        String read = nameOf(message(7, Optional.of(SENT), "Quarterly report", MESSAGE_ID, Set.of("\\Seen", "\\Flagged", "$Important")));
        assertEquals(unread, read);
    }

    @Test
    void messageKeepsItsNameInAnotherFolder() {
        // moved: a new UID, other flags and another INTERNALDATE; the Date: header and Message-ID decide the name
        String inInbox = nameOf(message(7, Optional.of(SENT), "Quarterly report", MESSAGE_ID, Set.of()));
        MessageMeta moved = new MessageMeta(90211, 1234, Instant.parse("2024-05-05T00:00:00Z"), Optional.of(SENT),
                "Quarterly report", "Alice <alice@example.com>", "", MESSAGE_ID, Set.of("\\Seen"));
        assertEquals(inInbox, nameOf(moved));
    }

    @Test
    void nameDoesNotDependOnOtherMessagesInTheFolder() {
        MessageMeta report = message(7, "Quarterly report", MESSAGE_ID);
        String alone = nameOf(report);
        TreeMap<String, MessageMeta> withOthers = names.nameAll(List.of(
                message(3, "Lunch?", "<lunch@example.com>"), report, message(12, "Re: Quarterly report", "<re@example.com>")));
        assertSame(report, withOthers.get(alone));
    }

    @Test
    void trueDuplicatesGetTheirUidLowerUidKeepsThePlainName() throws Exception {
        MessageMeta first = message(5, "Quarterly report", MESSAGE_ID);
        MessageMeta second = message(9, "Quarterly report", MESSAGE_ID);
        String id = sha8(MESSAGE_ID);

        TreeMap<String, MessageMeta> named = names.nameAll(List.of(first, second));

        assertEquals(2, named.size());
        assertSame(first, named.get("2024-03-01 14.32 Quarterly report (" + id + ").eml"));
        assertSame(second, named.get("2024-03-01 14.32 Quarterly report (" + id + " u9).eml"));
    }

    @Test
    void aDuplicateKeepsItsNameWhenTheFirstOfThemGoes() throws Exception {
        MessageMeta first = message(5, "Quarterly report", MESSAGE_ID);
        MessageMeta second = message(9, "Quarterly report", MESSAGE_ID);
        MessageMeta third = message(11, "Quarterly report", MESSAGE_ID);
        TreeMap<String, MessageMeta> before = names.nameAll(List.of(first, second, third));
        Map<Long, String> duplicates = new HashMap<>();
        before.forEach((name, message) -> {
            if (MessageNames.isDuplicateName(name)) {
                duplicates.put(message.uid(), name);
            }
        });
        assertEquals(Set.of(9L, 11L), duplicates.keySet());

        TreeMap<String, MessageMeta> after = names.nameAll(List.of(second, third), duplicates);

        assertEquals(Set.of(duplicates.get(9L), duplicates.get(11L)), after.keySet(), "no name changed meaning");
        assertSame(second, names.nameAll(List.of(second, third)).get("2024-03-01 14.32 Quarterly report (" + sha8(MESSAGE_ID) + ").eml"),
                "a new mount names the first of them plainly");
    }

    @Test
    void duplicateNamesDoNotDependOnInputOrder() {
        MessageMeta a = message(5, "Quarterly report", MESSAGE_ID);
        MessageMeta b = message(9, "Quarterly report", MESSAGE_ID);
        MessageMeta c = message(11, "Quarterly report", MESSAGE_ID);

        TreeMap<String, MessageMeta> forward = names.nameAll(List.of(a, b, c));
        TreeMap<String, MessageMeta> backward = names.nameAll(List.of(c, b, a));
        TreeMap<String, MessageMeta> shuffled = names.nameAll(List.of(b, c, a));

        assertEquals(3, forward.size());
        assertEquals(forward, backward);
        assertEquals(forward, shuffled);
        assertTrue(forward.keySet().stream().anyMatch(n -> n.endsWith(" u11).eml") && forward.get(n) == c));
    }

    @Test
    void sameMessageIdWithOtherSubjectNeedsNoSuffix() throws Exception {
        TreeMap<String, MessageMeta> named = names.nameAll(List.of(
                message(5, "Quarterly report", MESSAGE_ID), message(9, "Quarterly report v2", MESSAGE_ID)));
        String id = sha8(MESSAGE_ID);
        assertEquals(List.of(
                "2024-03-01 14.32 Quarterly report (" + id + ").eml",
                "2024-03-01 14.32 Quarterly report v2 (" + id + ").eml"), List.copyOf(named.keySet()));
    }

    @Test
    void namesAreReturnedInNameOrder() {
        TreeMap<String, MessageMeta> named = names.nameAll(List.of(
                new MessageMeta(1, 10, RECEIVED, Optional.of(Instant.parse("2024-12-31T23:59:00Z")), "later", "", "", "<1@x>", Set.of()),
                new MessageMeta(2, 10, RECEIVED, Optional.of(Instant.parse("2023-01-01T00:00:00Z")), "earlier", "", "", "<2@x>", Set.of())));
        List<String> keys = List.copyOf(named.keySet());
        assertTrue(keys.get(0).startsWith("2023-01-01 00.00 earlier ("), keys.get(0));
        assertTrue(keys.get(1).startsWith("2024-12-31 23.59 later ("), keys.get(1));
    }

    // --- hostile subjects ---------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "..", ".", "\u0000\u0001", "", "   ", "../../etc/passwd", "-rf", "line\nbreak",
            "\u202Eexe.pdf", "\uD800", "C:\\evil"})
    void hostileSubjectGivesASafeName(String subject) throws Exception {
        assertSafeMessageName(nameOf(message(7, subject, MESSAGE_ID)));
    }

    @Test
    void hostileSubjectsGiveTheseExactNames() throws Exception {
        String id = sha8(MESSAGE_ID);
        assertEquals("2024-03-01 14.32 a_b (" + id + ").eml", nameOf(message(7, "a/b", MESSAGE_ID)));
        assertEquals("2024-03-01 14.32 _. (" + id + ").eml", nameOf(message(7, "..", MESSAGE_ID)));
        assertEquals("2024-03-01 14.32 (no subject) (" + id + ").eml", nameOf(message(7, "\u0000\u0001", MESSAGE_ID)));
        assertEquals("2024-03-01 14.32 line break (" + id + ").eml", nameOf(message(7, "line\r\nbreak", MESSAGE_ID)));
    }

    @Test
    void emptySubjectBecomesNoSubject() throws Exception {
        assertEquals("2024-03-01 14.32 (no subject) (" + sha8(MESSAGE_ID) + ").eml", nameOf(message(7, "", MESSAGE_ID)));
        assertEquals("2024-03-01 14.32 (no subject) (" + sha8(MESSAGE_ID) + ").eml", nameOf(message(7, " \t ", MESSAGE_ID)));
    }

    @Test
    void longAsciiSubjectIsCutSoTheWholeNameFits255Bytes() throws Exception {
        String name = nameOf(message(7, "x".repeat(400), MESSAGE_ID));
        String prefix = "2024-03-01 14.32 ";
        String suffix = " (" + sha8(MESSAGE_ID) + ").eml";
        assertSafeMessageName(name);
        assertEquals(255, name.getBytes(StandardCharsets.UTF_8).length);
        assertEquals(prefix + "x".repeat(255 - prefix.length() - suffix.length()) + suffix, name);
    }

    @Test
    void longMultiByteSubjectIsCutOnACharacterBoundary() throws Exception {
        String name = nameOf(message(7, "\u65E5".repeat(400), MESSAGE_ID));
        assertSafeMessageName(name);
        // 17 bytes of date and space, 15 of " (id).eml": 223 left, 74 × 3 bytes of 日 fit
        assertEquals("2024-03-01 14.32 " + "\u65E5".repeat(74) + " (" + sha8(MESSAGE_ID) + ").eml", name);
    }

    @Test
    void longEmojiSubjectStaysWellFormed() throws Exception {
        String name = nameOf(message(7, "\uD83D\uDCE7".repeat(400), MESSAGE_ID));
        assertSafeMessageName(name);
        assertEquals("2024-03-01 14.32 " + "\uD83D\uDCE7".repeat(55) + " (" + sha8(MESSAGE_ID) + ").eml", name);
    }

    @Test
    void longDuplicateSubjectsStillFitWithTheirSuffix() {
        TreeMap<String, MessageMeta> named = names.nameAll(List.of(
                message(5, "y".repeat(400), MESSAGE_ID), message(9, "y".repeat(400), MESSAGE_ID)));
        assertEquals(2, named.size());
        for (String name : named.keySet()) {
            assertSafeMessageName(name);
        }
        assertTrue(named.keySet().stream().anyMatch(n -> n.endsWith(" u9).eml")));
    }

    private static void assertSafeMessageName(String name) {
        assertTrue(name.endsWith(".eml"), name);
        assertTrue(name.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}\\.\\d{2} .*"), "does not start with the date: " + name);
        assertFalse(name.contains("/"), name);
        assertFalse(name.contains("\\"), name);
        name.codePoints().forEach(cp -> assertFalse(Character.isISOControl(cp), "control character in " + name));
        assertFalse(name.contains("\u202E"), name);
        assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= 255, name);
        assertEquals(name, new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        assertTrue(Normalizer.isNormalized(name, Normalizer.Form.NFC), name);
    }

    // --- messages without a Message-ID --------------------------------------------------------

    @Test
    void withoutMessageIdDifferentMessagesGetDifferentIds() {
        MessageMeta one = message(1, "Invoice 1", "");
        MessageMeta two = message(2, "Invoice 2", "");
        assertNotEquals(MessageNames.shortId(one), MessageNames.shortId(two));
    }

    @Test
    void withoutMessageIdOtherSenderOrDateGivesOtherIds() {
        MessageMeta base = message(1, "Hello", "");
        MessageMeta otherSender = new MessageMeta(1, 1234, RECEIVED, Optional.of(SENT), "Hello", "Mallory <m@example.com>", "", "", Set.of());
        MessageMeta otherDate = new MessageMeta(1, 1234, RECEIVED, Optional.of(SENT.plusSeconds(60)), "Hello", "Alice <alice@example.com>", "", "", Set.of());
        assertNotEquals(MessageNames.shortId(base), MessageNames.shortId(otherSender));
        assertNotEquals(MessageNames.shortId(base), MessageNames.shortId(otherDate));
    }

    @Test
    void withoutMessageIdTheSameMessageGetsTheSameIdAndName() {
        MessageMeta inInbox = message(1, Optional.of(SENT), "Hello", "", Set.of());
        MessageMeta inArchive = message(4711, Optional.of(SENT), "Hello", "", Set.of("\\Seen"));
        assertEquals(MessageNames.shortId(inInbox), MessageNames.shortId(inArchive));
        assertEquals(nameOf(inInbox), nameOf(inArchive));
    }

    @Test
    void withoutMessageIdTwoDifferentMessagesBothGetPlainNames() {
        TreeMap<String, MessageMeta> named = names.nameAll(List.of(message(1, "Invoice 1", ""), message(2, "Invoice 2", "")));
        assertEquals(2, named.size());
        for (Map.Entry<String, MessageMeta> entry : named.entrySet()) {
            assertTrue(entry.getKey().matches("2024-03-01 14\\.32 Invoice \\d \\([0-9a-f]{8}\\)\\.eml"), entry.getKey());
        }
    }
}
