package dev.mailfs.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.BodyPart;
import dev.mailfs.mail.FolderInfo;
import dev.mailfs.mail.FolderListing;
import dev.mailfs.mail.GmailMeta;
import dev.mailfs.mail.MailSource;
import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.MessageRef;
import dev.mailfs.mime.MessageContents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
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

    record RemoveLabel(MessageRef message, String label) {
    }

    record ChangeLabels(MessageRef message, Set<String> add, Set<String> remove) {
    }

    record Move(MessageRef message, String toFolder) {
    }

    record Expunge(MessageRef message) {
    }

    /** Gmail in English, with one message labelled \Inbox and Work, shown in INBOX, Work and All Mail. */
    static final class GmailSource implements MailSource {
        final List<Object> changes = new ArrayList<>();
        final Map<String, FolderListing> listings = new HashMap<>();
        final List<FolderInfo> folders = List.of(
                new FolderInfo("INBOX", '/', true),
                new FolderInfo("Work", '/', true),
                new FolderInfo("[Gmail]", '/', false),
                new FolderInfo("[Gmail]/All Mail", '/', true, Set.of("\\All")),
                new FolderInfo("[Gmail]/Sent Mail", '/', true, Set.of("\\Sent")),
                new FolderInfo("[Gmail]/Starred", '/', true, Set.of("\\Flagged")),
                new FolderInfo("[Gmail]/Spam", '/', true, Set.of("\\Junk")),
                new FolderInfo("[Gmail]/Trash", '/', true, Set.of("\\Trash")));
        final boolean labels;

        GmailSource(boolean labels) {
            this.labels = labels;
            GmailMeta gmail = new GmailMeta(MESSAGE_ID, THREAD_ID, Set.of("\\Inbox", "Work"));
            MessageMeta message = new MessageMeta(1, 100, SENT, Optional.of(SENT), "Quarterly report", "Alice <alice@example.com>",
                    "Bob <bob@example.com>", "<report@example.com>", Set.of("\\Seen"), labels ? Optional.of(gmail) : Optional.empty());
            long uid = 1;
            for (FolderInfo folder : folders) {
                if (folder.selectable()) {
                    List<MessageMeta> messages = folder.isTrash() || folder.isJunk() || folder.fullName().contains("Sent")
                            || folder.fullName().contains("Starred") ? List.of() : List.of(message.withUid(uid++));
                    listings.put(folder.fullName(), new FolderListing(folder.fullName(), 11, messages));
                }
            }
        }

        void put(String folder, MessageMeta message) {
            listings.put(folder, new FolderListing(folder, 11, List.of(message)));
        }

        MessageRef refIn(String folder) {
            FolderListing listing = listings.get(folder);
            return listing.refOf(listing.messages().get(0));
        }

        @Override
        public boolean hasLabels() {
            return labels;
        }

        @Override
        public List<FolderInfo> listFolders() {
            return folders;
        }

        @Override
        public FolderListing listMessages(String folder) {
            return listings.get(folder);
        }

        @Override
        public byte[] readBody(MessageRef message, long offset, int length) {
            return new byte[0];
        }

        @Override
        public BodyPart readStructure(MessageRef message) {
            return new BodyPart("1", "text", "plain", Map.of(), "", Map.of(), "7bit", 0, List.of(), "");
        }

        @Override
        public byte[] readSection(MessageRef message, String section) {
            return new byte[0];
        }

        @Override
        public void removeLabel(MessageRef message, String label) {
            changes.add(new RemoveLabel(message, label));
        }

        @Override
        public void changeLabels(MessageRef message, Set<String> add, Set<String> remove) {
            changes.add(new ChangeLabels(message, add, remove));
        }

        @Override
        public Optional<Long> move(MessageRef message, String toFolder) {
            changes.add(new Move(message, toFolder));
            return Optional.empty();
        }

        @Override
        public void expunge(MessageRef message) {
            changes.add(new Expunge(message));
        }

        @Override
        public void close() {
        }
    }

    @TempDir
    Path incoming;

    private MailFilesystem mount(GmailSource gmail) {
        return new MailFilesystem(gmail, new MessageContents(gmail, 1 << 20), ZoneOffset.UTC, SENT,
                new WriteSettings(false, WriteSettings.DeleteMode.TRASH, Optional.empty(), incoming));
    }

    private final GmailSource gmail = new GmailSource(true);
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
        gmail.put("[Gmail]/Trash", gmail.listings.get("INBOX").messages().get(0).withUid(40));
        assertEquals(1, fs.getattr("/[Gmail]/Trash/" + NAME).links());
    }

    @Test
    void labelsAndThreadIdAreAttributesAndTheFoldersOwnLabelIsAmongThem() {
        Map<String, byte[]> attributes = fs.attributes("/Work/" + NAME);
        assertEquals("\\Inbox, Work", text(attributes.get("user.mail.labels")));
        assertEquals(Long.toUnsignedString(THREAD_ID), text(attributes.get("user.mail.thread-id")));

        // Gmail may leave the selected folder's label out of X-GM-LABELS: it is shown all the same.
        MessageMeta withoutWork = gmail.listings.get("Work").messages().get(0);
        gmail.put("Work", withoutWork.with(new dev.mailfs.mail.FlagsUpdate(Set.of(), Optional.of(Set.of("\\Inbox")))));
        MailFilesystem again = mount(gmail);
        assertEquals("\\Inbox, Work", text(again.attributes("/Work/" + NAME).get("user.mail.labels")));
    }

    @Test
    void settingLabelsAddsAndRemovesOnlyTheDifference() {
        fs.setAttribute("/INBOX/" + NAME, "user.mail.labels", "Work, Travel/2024".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(new ChangeLabels(gmail.refIn("INBOX"), Set.of("Travel/2024"), Set.of("\\Inbox"))), gmail.changes);
    }

    @Test
    void inboxMayBeWrittenForTheInboxLabelAndUnknownSystemLabelsAreRefused() {
        assertEquals(Set.of("\\Inbox", "\\Starred", "Work"), GmailLabels.parse("INBOX, \\starred, Work,,".getBytes(StandardCharsets.UTF_8)));
        MailfsException.InvalidArgument refused = assertThrows(MailfsException.InvalidArgument.class,
                () -> fs.setAttribute("/INBOX/" + NAME, "user.mail.labels", "\\Bogus".getBytes(StandardCharsets.UTF_8)));
        assertTrue(refused.getMessage().contains("\\Bogus"), refused.getMessage());
        assertEquals(List.of(), gmail.changes);
    }

    @Test
    void rmInALabelsFolderTakesThatLabelOffAndInInboxArchives() {
        fs.unlink("/Work/" + NAME);
        fs.unlink("/INBOX/" + NAME);
        assertEquals(List.of(new RemoveLabel(gmail.refIn("Work"), "Work"), new RemoveLabel(gmail.refIn("INBOX"), "\\Inbox")),
                gmail.changes);
    }

    @Test
    void rmInASpecialFolderTakesItsSystemLabelOff() {
        gmail.put("[Gmail]/Starred", gmail.listings.get("INBOX").messages().get(0).withUid(5));
        fs.unlink("/[Gmail]/Starred/" + NAME);
        assertEquals(List.of(new RemoveLabel(gmail.refIn("[Gmail]/Starred"), "\\Starred")), gmail.changes);
    }

    @Test
    void rmInAllMailMovesToTrashAndInTrashOrSpamDeletesForGood() {
        MessageMeta message = gmail.listings.get("INBOX").messages().get(0);
        gmail.put("[Gmail]/Trash", message.withUid(40));
        gmail.put("[Gmail]/Spam", message.withUid(41));
        fs.unlink("/[Gmail]/All Mail/" + NAME);
        fs.unlink("/[Gmail]/Trash/" + NAME);
        fs.unlink("/[Gmail]/Spam/" + NAME);
        assertEquals(List.of(new Move(gmail.refIn("[Gmail]/All Mail"), "[Gmail]/Trash"),
                new Expunge(gmail.refIn("[Gmail]/Trash")), new Expunge(gmail.refIn("[Gmail]/Spam"))), gmail.changes);
    }

    @Test
    void mvBetweenLabelsFoldersIsAMoveWhichGmailMakesALabelChange() {
        fs.rename("/Work/" + NAME, "/[Gmail]/Starred/" + NAME);
        assertEquals(List.of(new Move(gmail.refIn("Work"), "[Gmail]/Starred")), gmail.changes);
    }

    @Test
    void elsewhereThereAreNoLabelsNorInodesOfOurOwn() {
        GmailSource plain = new GmailSource(false);
        MailFilesystem other = mount(plain);
        String name = other.readdir("/INBOX").get(0);
        assertFalse(other.numbersInodes());
        assertEquals(0, other.getattr("/INBOX/" + name).inode());
        assertEquals(1, other.getattr("/INBOX/" + name).links());
        assertFalse(other.attributes("/INBOX/" + name).containsKey("user.mail.labels"));
        assertThrows(MailfsException.AccessDenied.class,
                () -> other.setAttribute("/INBOX/" + name, "user.mail.labels", "Work".getBytes(StandardCharsets.UTF_8)));
        other.unlink("/INBOX/" + name);
        assertEquals(List.of(new Move(plain.refIn("INBOX"), "[Gmail]/Trash")), plain.changes);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
