package dev.mailfs.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.FolderInfo;
import dev.mailfs.mail.FolderListing;
import dev.mailfs.mail.GmailMeta;
import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.MessageRef;
import dev.mailfs.mime.MessageContents;
import dev.mailfs.testing.InMemoryMailSource;
import dev.mailfs.testing.MailRequest.ChangeLabels;
import dev.mailfs.testing.MailRequest.Expunge;
import dev.mailfs.testing.MailRequest.Move;
import dev.mailfs.testing.MailRequest.RemoveLabel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gmail: one message in every label's folder, and what rm, mv and setfattr mean there. */
class MailFilesystemGmailTest {
    private static final long MESSAGE_ID = 0x18c0ffee12345678L;
    private static final long THREAD_ID = 0x18c0ffee00000001L;
    private static final Instant SENT = Instant.parse("2024-03-01T14:32:00Z");
    private static final String NAME = "2024-03-01 14.32 Quarterly report (18c0ffee12345678).eml";

    private static final byte[] RAW = "Subject: Quarterly report\r\n\r\nNumbers are up.\r\n".getBytes(StandardCharsets.UTF_8);

    /**
     * Gmail in English, with one message labelled as given, shown in INBOX, Work and All Mail for
     * \\Inbox and Work; without labels, a copy in each of those three.
     */
    private static InMemoryMailSource gmail(boolean labels, Set<String> messageLabels) {
        InMemoryMailSource gmail = new InMemoryMailSource().gmailLabels(labels).sameListingWhileUnchanged(true)
                .folder("INBOX", 11)
                .folder("Work", 11)
                .folder(new FolderInfo("[Gmail]", '/', false), 11)
                .folder(new FolderInfo("[Gmail]/All Mail", '/', true, Set.of("\\All")), 11)
                .folder(new FolderInfo("[Gmail]/Sent Mail", '/', true, Set.of("\\Sent")), 11)
                .folder(new FolderInfo("[Gmail]/Starred", '/', true, Set.of("\\Flagged")), 11)
                .folder(new FolderInfo("[Gmail]/Spam", '/', true, Set.of("\\Junk")), 11)
                .folder(new FolderInfo("[Gmail]/Trash", '/', true, Set.of("\\Trash")), 11);
        if (labels) {
            gmail.add("INBOX", message(1, MESSAGE_ID, messageLabels), RAW);
        } else {
            for (String folder : List.of("INBOX", "Work", "[Gmail]/All Mail")) {
                gmail.add(folder, new MessageMeta(1, RAW.length, SENT, Optional.of(SENT), "Quarterly report", "Alice <alice@example.com>",
                        "Bob <bob@example.com>", "<report@example.com>", Set.of("\\Seen")), RAW);
            }
        }
        return gmail;
    }

    private static MessageMeta message(long uid, long gmailId, Set<String> labels) {
        return new MessageMeta(uid, RAW.length, SENT, Optional.of(SENT), "Quarterly report", "Alice <alice@example.com>",
                "Bob <bob@example.com>", "<report@example.com>", Set.of("\\Seen"), Optional.of(new GmailMeta(gmailId, THREAD_ID, labels)));
    }

    private static MessageRef refIn(InMemoryMailSource source, String folder) {
        FolderListing listing = source.listing(folder);
        return listing.refOf(listing.messages().get(0));
    }

    private MessageRef refIn(String folder) {
        return refIn(gmail, folder);
    }

    @TempDir
    Path incoming;

    private MailFilesystem mount(InMemoryMailSource gmail) {
        return new MailFilesystem(gmail, new MessageContents(gmail, 1 << 20), ZoneOffset.UTC, SENT,
                new WriteSettings(false, WriteSettings.DeleteMode.TRASH, Optional.empty(), incoming));
    }

    private final InMemoryMailSource gmail = gmail(true, Set.of("\\Inbox", "Work"));
    private final MailFilesystem fs = mount(gmail);

    @Test
    void aMessageHasTheSameNameInEveryFolderThatShowsItWithItsGmailIdInHex() {
        for (String folder : List.of("/INBOX", "/Work", "/[Gmail]/All Mail")) {
            assertEquals(List.of(NAME, NAME.replace(".eml", "")), fs.readdir(folder), folder);
        }
    }

    @Test
    void statGivesAMessageOneInodeEverywhereAndCountsTheFoldersThatShowIt() {
        assertTrue(fs.numbersInodes());
        for (String folder : List.of("/INBOX", "/Work", "/[Gmail]/All Mail")) {
            FileAttributes file = fs.getattr(folder + "/" + NAME);
            assertEquals(MESSAGE_ID, file.inode(), folder);
            assertEquals(3, file.links(), folder + ": INBOX, Work and All Mail");
        }
        FileAttributes directory = fs.getattr("/INBOX/" + NAME.replace(".eml", ""));
        assertTrue(directory.inode() < 0, "every other node is numbered from its path, with the top bit set");
        assertNotEquals(directory.inode(), fs.getattr("/Work/" + NAME.replace(".eml", "")).inode());
        assertNotEquals(0, fs.getattr("/").inode());
    }

    @Test
    void everyEntryIsListedWithTheInodeGetattrGivesIt() {
        for (String directory : List.of("/", "/INBOX", "/INBOX/" + NAME.replace(".eml", ""), "/[Gmail]")) {
            String parent = directory.endsWith("/") ? directory : directory + "/";
            fs.list(directory, (name, isDirectory, inode) -> {
                assertNotEquals(0, inode, parent + name + ": readdir skips an entry numbered 0");
                assertEquals(fs.getattr(parent + name).inode(), inode, parent + name);
                return true;
            });
        }
    }

    @Test
    void aMessageInTrashIsThereAlone() {
        // Trashed by another client, and told with the labels it had: they name folders it is no longer in.
        gmail.remove(refIn("INBOX"));
        gmail.add("[Gmail]/Trash", message(40, MESSAGE_ID, Set.of("\\Inbox", "Work")), RAW);
        assertEquals(1, fs.getattr("/[Gmail]/Trash/" + NAME).links());
    }

    @Test
    void labelsAndThreadIdAreAttributesAndTheFoldersOwnLabelIsAmongThem() {
        Map<String, byte[]> attributes = fs.attributes("/Work/" + NAME);
        assertEquals("\\Inbox, Work", text(attributes.get("user.mail.labels")));
        assertEquals(Long.toUnsignedString(THREAD_ID), text(attributes.get("user.mail.thread-id")));

        // Gmail may leave the selected folder's label out of X-GM-LABELS: it is shown all the same.
        gmail.leavesOutTheFoldersOwnLabel(true);
        assertEquals(Set.of("\\Inbox"), gmail.listing("Work").messages().get(0).gmail().orElseThrow().labels());
        MailFilesystem again = mount(gmail);
        assertEquals("\\Inbox, Work", text(again.attributes("/Work/" + NAME).get("user.mail.labels")));
    }

    @Test
    void settingLabelsAddsAndRemovesOnlyTheDifference() {
        MessageRef inInbox = refIn("INBOX");
        fs.setAttribute("/INBOX/" + NAME, "user.mail.labels", "Work, Travel/2024".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(new ChangeLabels(inInbox, Set.of("Travel/2024"), Set.of("\\Inbox"))), gmail.changes());
    }

    /** Gmail expunges \\Deleted at once (Auto-Expunge), doing what the account's settings say: setfattr may not send it. */
    @Test
    void deletedCannotBeSetOnGmailWhereItDeletesAtOnce() {
        MailfsException.NotPermitted refused = assertThrows(MailfsException.NotPermitted.class,
                () -> fs.setAttribute("/INBOX/" + NAME, "user.mail.flags", "\\Seen \\Deleted".getBytes(StandardCharsets.UTF_8)));
        assertTrue(refused.getMessage().contains("rm"), refused.getMessage());
        assertEquals(List.of(), gmail.changes());
        fs.setAttribute("/INBOX/" + NAME, "user.mail.flags", "\\Seen \\Flagged".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, gmail.changes().size(), "other flags are set as elsewhere");
    }

    /** Labels with commas, quotes, backslashes, spaces or other scripts come back as they were from what getfattr showed. */
    @Test
    void theLabelsValueRoundTripsAnyLabel() {
        Set<String> labels = new java.util.TreeSet<>(Set.of("\\Inbox", "Smith, John", "say \"hi\"", "back\\slash", " spaced ", "Grüße/2024", "Work"));
        assertEquals(labels, GmailLabels.parse(GmailLabels.format(labels)));
        assertEquals("\\Inbox, \"Smith, John\"", text(GmailLabels.format(new java.util.LinkedHashSet<>(List.of("\\Inbox", "Smith, John")))));
        assertThrows(MailfsException.InvalidArgument.class, () -> GmailLabels.parse("\"unclosed, Work".getBytes(StandardCharsets.UTF_8)));
    }

    /** Writing back what getfattr showed changes nothing, whatever the labels; a label in another case is the same label. */
    @Test
    void writingBackTheLabelsShownOrTheirOtherCaseSendsNothing() {
        InMemoryMailSource source = gmail(true, Set.of("\\Inbox", "Smith, John", "Work"));
        MailFilesystem fs = mount(source);
        byte[] shown = fs.attributes("/INBOX/" + NAME).get("user.mail.labels");
        fs.setAttribute("/INBOX/" + NAME, "user.mail.labels", shown);
        fs.setAttribute("/INBOX/" + NAME, "user.mail.labels", "inbox, \"smith, john\", WORK".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), source.changes());
    }

    @Test
    void inboxMayBeWrittenForTheInboxLabelAndUnknownSystemLabelsAreRefused() {
        assertEquals(Set.of("\\Inbox", "\\Starred", "Work"), GmailLabels.parse("INBOX, \\starred, Work,,".getBytes(StandardCharsets.UTF_8)));
        MailfsException.InvalidArgument refused = assertThrows(MailfsException.InvalidArgument.class,
                () -> fs.setAttribute("/INBOX/" + NAME, "user.mail.labels", "\\Bogus".getBytes(StandardCharsets.UTF_8)));
        assertTrue(refused.getMessage().contains("\\Bogus"), refused.getMessage());
        assertEquals(List.of(), gmail.changes());
    }

    @Test
    void rmInALabelsFolderTakesThatLabelOffAndInInboxArchives() {
        MessageRef inWork = refIn("Work");
        MessageRef inInbox = refIn("INBOX");
        fs.unlink("/Work/" + NAME);
        fs.unlink("/INBOX/" + NAME);
        assertEquals(List.of(new RemoveLabel(inWork, "Work"), new RemoveLabel(inInbox, "\\Inbox")), gmail.changes());
    }

    @Test
    void rmInASpecialFolderTakesItsSystemLabelOff() {
        InMemoryMailSource starred = gmail(true, Set.of("\\Inbox", "Work", "\\Starred"));
        MessageRef inStarred = refIn(starred, "[Gmail]/Starred");
        mount(starred).unlink("/[Gmail]/Starred/" + NAME);
        assertEquals(List.of(new RemoveLabel(inStarred, "\\Starred")), starred.changes());
    }

    @Test
    void rmInAllMailMovesToTrashAndInTrashOrSpamDeletesForGood() {
        long spamId = MESSAGE_ID + 1;
        gmail.add("[Gmail]/Spam", message(41, spamId, Set.of()), RAW);
        String spamName = NAME.replace(Long.toHexString(MESSAGE_ID), Long.toHexString(spamId));
        MessageRef inAllMail = refIn("[Gmail]/All Mail");
        MessageRef inSpam = refIn("[Gmail]/Spam");
        fs.unlink("/[Gmail]/All Mail/" + NAME);
        MessageRef inTrash = refIn("[Gmail]/Trash");
        fs.unlink("/[Gmail]/Trash/" + NAME);
        fs.unlink("/[Gmail]/Spam/" + spamName);
        assertEquals(List.of(new Move(inAllMail, "[Gmail]/Trash"), new Expunge(inTrash), new Expunge(inSpam)), gmail.changes());
    }

    @Test
    void withTrashHiddenRmInAllMailIsRefusedWhateverTheLabelsAreCalled() {
        InMemoryMailSource hidden = new InMemoryMailSource().gmailLabels(true).sameListingWhileUnchanged(true)
                .folder("INBOX", 11)
                .folder("Trash", 11)
                .folder("Deleted Items", 11)
                .folder(new FolderInfo("[Gmail]", '/', false), 11)
                .folder(new FolderInfo("[Gmail]/All Mail", '/', true, Set.of("\\All")), 11);
        hidden.add("INBOX", message(1, MESSAGE_ID, Set.of("\\Inbox")), RAW);
        MailFilesystem withoutTrash = new MailFilesystem(hidden, new MessageContents(hidden, 1 << 20), ZoneOffset.UTC, SENT,
                new WriteSettings(false, WriteSettings.DeleteMode.TRASH, Optional.of("Deleted Items"), incoming));
        MailfsException.NotPermitted refused = assertThrows(MailfsException.NotPermitted.class,
                () -> withoutTrash.unlink("/[Gmail]/All Mail/" + NAME));
        assertTrue(refused.getMessage().contains("does not show its Trash over IMAP"), refused.getMessage());
        assertEquals(List.of(), hidden.changes(), "not moved into a label called Trash or Deleted Items, even when --trash-folder names one");
    }

    @Test
    void mvBetweenLabelsFoldersIsAMoveWhichGmailMakesALabelChange() {
        MessageRef inWork = refIn("Work");
        fs.rename("/Work/" + NAME, "/[Gmail]/Starred/" + NAME);
        assertEquals(List.of(new Move(inWork, "[Gmail]/Starred")), gmail.changes());
    }

    @Test
    void elsewhereThereAreNoLabelsNorInodesOfOurOwn() {
        InMemoryMailSource plain = gmail(false, Set.of());
        MailFilesystem other = mount(plain);
        String name = other.readdir("/INBOX").get(0);
        assertFalse(other.numbersInodes());
        assertEquals(0, other.getattr("/INBOX/" + name).inode());
        assertEquals(1, other.getattr("/INBOX/" + name).links());
        assertFalse(other.attributes("/INBOX/" + name).containsKey("user.mail.labels"));
        assertThrows(MailfsException.AccessDenied.class,
                () -> other.setAttribute("/INBOX/" + name, "user.mail.labels", "Work".getBytes(StandardCharsets.UTF_8)));
        MessageRef inInbox = refIn(plain, "INBOX");
        other.unlink("/INBOX/" + name);
        assertEquals(List.of(new Move(inInbox, "[Gmail]/Trash")), plain.changes());
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
