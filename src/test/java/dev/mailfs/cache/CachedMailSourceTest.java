package dev.mailfs.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.mail.BodyPart;
import dev.mailfs.mail.FolderInfo;
import dev.mailfs.mail.FolderListing;
import dev.mailfs.mail.FolderState;
import dev.mailfs.mail.FolderWatcher;
import dev.mailfs.mail.MailSource;
import dev.mailfs.mail.MessageRef;
import dev.mailfs.mail.SearchHits;
import dev.mailfs.mail.SearchQuery;
import dev.mailfs.mail.WatchedFolder;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachedMailSourceTest {
    private static final int CHUNK = 1024;
    private static final Duration FOLDER_LIST_TTL = Duration.ofSeconds(60);
    private static final Duration LISTING_TTL = Duration.ofSeconds(30);
    private static final CacheSettings SETTINGS = new CacheSettings(FOLDER_LIST_TTL, LISTING_TTL, 1L << 20, CHUNK, 100, 1L << 20);

    private static final MessageRef HUGE = new MessageRef("INBOX", 7, 1);        // 30 MB, the last chunk short
    private static final MessageRef SMALL = new MessageRef("INBOX", 7, 2);       // 3000 bytes: chunks of 1024, 1024, 952
    private static final MessageRef EXACT = new MessageRef("INBOX", 7, 3);       // exactly two chunks
    private static final long HUGE_SIZE = 30_000_000L;

    record Request(MessageRef message, long offset, int length) {
    }

    /** A server whose messages are generated from their position, so a 30 MB one costs nothing. */
    static final class CountingSource implements MailSource {
        final Map<MessageRef, Long> sizes = new HashMap<>();
        final List<Request> requests = new ArrayList<>();
        final AtomicInteger listFoldersCalls = new AtomicInteger();
        final AtomicInteger listMessagesCalls = new AtomicInteger();
        final AtomicBoolean closed = new AtomicBoolean();
        final AtomicInteger folderStateCalls = new AtomicInteger();
        /** What STATUS says; null: a server that cannot tell. */
        volatile FolderState state;

        @Override
        public Optional<FolderState> folderState(String folder) {
            folderStateCalls.incrementAndGet();
            if (away) {
                throw new MailfsException.Unavailable("the server is away", null);
            }
            return Optional.ofNullable(state);
        }

        final List<Boolean> listChangesCalls = new ArrayList<>();
        /** What every search finds. */
        volatile List<SearchHits> found = List.of();

        @Override
        public List<SearchHits> search(SearchQuery query, Optional<String> mailbox) {
            return found;
        }

        volatile FolderWatcher watcher;
        final AtomicInteger askedNow = new AtomicInteger();
        volatile boolean away;
        /** What every folder's listing holds. */
        volatile List<dev.mailfs.mail.MessageMeta> messages = List.of();
        /** The UIDVALIDITY of every folder's listing. */
        volatile long uidValidity = 7;

        @Override
        public synchronized FolderListing listChanges(FolderListing known, FolderState knownState, boolean flagsChanged) {
            listChangesCalls.add(flagsChanged);
            return listMessages(known.folder());
        }

        final AtomicInteger reopened = new AtomicInteger();

        @Override
        public void reopen(String folder) {
            reopened.incrementAndGet();
        }

        @Override
        public WatchedFolder watch(String folder, FolderWatcher watcher) {
            this.watcher = watcher;
            return askedNow::incrementAndGet;
        }

        /** Gmail: folders are labels, messages known by X-GM-MSGID. */
        volatile boolean labels;

        @Override
        public boolean hasLabels() {
            return labels;
        }

        @Override
        public synchronized List<FolderInfo> listFolders() {
            listFoldersCalls.incrementAndGet();
            return List.of(new FolderInfo("INBOX", '/', true), new FolderInfo("Work", '/', true));
        }

        @Override
        public synchronized FolderListing listMessages(String folder) {
            listMessagesCalls.incrementAndGet();
            if (folder.equals("Missing")) {
                throw new MailfsException.NotFound("folder " + folder);
            }
            return new FolderListing(folder, uidValidity, messages);
        }

        @Override
        public synchronized byte[] readBody(MessageRef message, long offset, int length) {
            requests.add(new Request(message, offset, length));
            long size = sizes.get(message);
            int n = (int) Math.max(0, Math.min(length, size - offset));
            return content(message, offset, n);
        }

        final AtomicInteger readStructureCalls = new AtomicInteger();

        @Override
        public synchronized BodyPart readStructure(MessageRef message) {
            readStructureCalls.incrementAndGet();
            return new BodyPart("1", "text", "plain", Map.of(), "", Map.of(), "7bit", sizes.get(message), List.of(), "");
        }

        @Override
        public synchronized byte[] readSection(MessageRef message, String section) {
            return content(message, 0, sizes.get(message).intValue());
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    /** The byte at each position of each message: differs between messages and between chunks. */
    static byte[] content(MessageRef message, long offset, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            long p = offset + i;
            bytes[i] = (byte) (p * 31 + p / 1000 + message.uid() * 101);
        }
        return bytes;
    }

    static final class ManualTicker implements Ticker {
        private final AtomicLong nanos = new AtomicLong();

        @Override
        public long read() {
            return nanos.get();
        }

        void advance(Duration duration) {
            nanos.addAndGet(duration.toNanos());
        }
    }

    private final CountingSource server = new CountingSource();
    private final ManualTicker ticker = new ManualTicker();
    private final CachedMailSource cache = new CachedMailSource(server, SETTINGS, ticker);

    CachedMailSourceTest() {
        server.sizes.put(HUGE, HUGE_SIZE);
        server.sizes.put(SMALL, 3000L);
        server.sizes.put(EXACT, 2L * CHUNK);
    }

    // --- bodies ---------------------------------------------------------------------------------

    @Test
    void aGmailMessageReadInOneLabelsFolderIsNotFetchedAgainInAnother() {
        assertEquals(3, fetchesToReadInTwoFolders(true), "three chunks, fetched once, through INBOX");
        assertEquals(6, fetchesToReadInTwoFolders(false), "elsewhere two folders hold two messages");
    }

    private int fetchesToReadInTwoFolders(boolean gmail) {
        CountingSource source = new CountingSource();
        source.labels = gmail;
        MessageRef inInbox = new MessageRef("INBOX", 7, 2);
        MessageRef inWork = new MessageRef("Work", 7, 2);
        source.sizes.put(inInbox, 3000L);
        source.sizes.put(inWork, 3000L);
        source.messages = List.of(new dev.mailfs.mail.MessageMeta(2, 3000, java.time.Instant.EPOCH, Optional.empty(), "s", "f", "t",
                "<m@example.com>", java.util.Set.of(), Optional.of(new dev.mailfs.mail.GmailMeta(0x18c0ffee12345678L, 1,
                        java.util.Set.of("\\Inbox", "Work")))));
        CachedMailSource cached = new CachedMailSource(source, SETTINGS, ticker);
        cached.listMessages("INBOX");
        cached.listMessages("Work");
        byte[] first = cached.readBody(inInbox, 0, 3000);
        byte[] second = cached.readBody(inWork, 0, 3000);
        assertArrayEquals(first, second);
        return source.requests.size();
    }

    @Test
    void startOfAHugeMessageFetchesOnlyTheFirstChunk() {
        byte[] bytes = cache.readBody(HUGE, 0, 100);

        assertArrayEquals(content(HUGE, 0, 100), bytes);
        assertEquals(List.of(new Request(HUGE, 0, CHUNK)), server.requests);
    }

    @Test
    void readWithinOneChunkFetchesOnlyThatChunk() {
        byte[] bytes = cache.readBody(HUGE, 5L * CHUNK + 10, 200);

        assertArrayEquals(content(HUGE, 5L * CHUNK + 10, 200), bytes);
        assertEquals(List.of(new Request(HUGE, 5L * CHUNK, CHUNK)), server.requests);
    }

    @Test
    void readSpanningTwoChunksFetchesBothOnce() {
        byte[] bytes = cache.readBody(HUGE, 1000, 100);

        assertArrayEquals(content(HUGE, 1000, 100), bytes);
        assertEquals(List.of(new Request(HUGE, 0, CHUNK), new Request(HUGE, CHUNK, CHUNK)), server.requests);
    }

    @Test
    void readingAgainAsksTheServerNothing() {
        byte[] first = cache.readBody(HUGE, 1000, 100);
        int asked = server.requests.size();

        byte[] second = cache.readBody(HUGE, 1000, 100);
        byte[] inside = cache.readBody(HUGE, 0, 2 * CHUNK);
        byte[] part = cache.readBody(HUGE, 1500, 3);

        assertArrayEquals(first, second);
        assertArrayEquals(content(HUGE, 0, 2 * CHUNK), inside);
        assertArrayEquals(content(HUGE, 1500, 3), part);
        assertEquals(asked, server.requests.size());
    }

    @Test
    void readSpanningManyChunksFetchesEachOnceInOrder() {
        byte[] bytes = cache.readBody(HUGE, 500, 5000);

        assertArrayEquals(content(HUGE, 500, 5000), bytes);
        List<Request> expected = new ArrayList<>();
        for (long index = 0; index <= (500 + 5000 - 1) / CHUNK; index++) {
            expected.add(new Request(HUGE, index * CHUNK, CHUNK));
        }
        assertEquals(expected, server.requests);
    }

    @Test
    void endOfAHugeMessageFetchesOnlyItsLastChunk() {
        byte[] bytes = cache.readBody(HUGE, HUGE_SIZE - 10, 100);

        assertArrayEquals(content(HUGE, HUGE_SIZE - 10, 10), bytes);
        long lastChunk = HUGE_SIZE / CHUNK; // 29296, holding the last 896 bytes
        assertEquals(List.of(new Request(HUGE, lastChunk * CHUNK, CHUNK)), server.requests);
    }

    @Test
    void readPastTheEndReturnsFewerBytes() {
        byte[] bytes = cache.readBody(SMALL, 2900, 500);

        assertArrayEquals(content(SMALL, 2900, 100), bytes);
        assertEquals(List.of(new Request(SMALL, 2 * CHUNK, CHUNK)), server.requests);
    }

    @Test
    void readOfTheWholeSmallMessageWithAGenerousLength() {
        assertArrayEquals(content(SMALL, 0, 3000), cache.readBody(SMALL, 0, 1 << 16));
        assertEquals(List.of(new Request(SMALL, 0, CHUNK), new Request(SMALL, CHUNK, CHUNK), new Request(SMALL, 2 * CHUNK, CHUNK)),
                server.requests);
    }

    @Test
    void readAtOrBeyondTheEndIsEmpty() {
        assertArrayEquals(new byte[0], cache.readBody(SMALL, 3000, 10));
        assertArrayEquals(new byte[0], cache.readBody(SMALL, 100_000, 10));
    }

    @Test
    void messageOfExactlyWholeChunksEndsCleanly() {
        assertArrayEquals(content(EXACT, 0, 2 * CHUNK), cache.readBody(EXACT, 0, 3 * CHUNK));
        assertArrayEquals(content(EXACT, CHUNK + 24, CHUNK - 24), cache.readBody(EXACT, CHUNK + 24, CHUNK));
        assertArrayEquals(new byte[0], cache.readBody(EXACT, 2 * CHUNK, 10));
    }

    @Test
    void differentMessagesDoNotShareChunks() {
        byte[] huge = cache.readBody(HUGE, 0, 64);
        byte[] small = cache.readBody(SMALL, 0, 64);

        assertArrayEquals(content(HUGE, 0, 64), huge);
        assertArrayEquals(content(SMALL, 0, 64), small);
        assertEquals(List.of(new Request(HUGE, 0, CHUNK), new Request(SMALL, 0, CHUNK)), server.requests);
    }

    @Test
    void sameUidUnderANewUidValidityIsFetchedAgain() {
        MessageRef renumbered = new MessageRef("INBOX", 8, SMALL.uid());
        server.sizes.put(renumbered, 3000L);

        cache.readBody(SMALL, 0, 10);
        cache.readBody(renumbered, 0, 10);

        assertEquals(List.of(new Request(SMALL, 0, CHUNK), new Request(renumbered, 0, CHUNK)), server.requests);
    }

    @Test
    void bodiesDoNotExpireWithTime() {
        cache.readBody(SMALL, 0, 10);
        ticker.advance(Duration.ofDays(30));
        cache.readBody(SMALL, 0, 10);

        assertEquals(1, server.requests.size());
    }

    // --- listings --------------------------------------------------------------------------------

    @Test
    void aSearchThatFindsAMessageTheHeldListingLacksHasTheListingBroughtUpToDateAtOnce() {
        server.state = new FolderState(7, 10, 0, 5);
        FolderListing first = cache.listMessages("INBOX");
        server.found = List.of(new SearchHits("INBOX", 7, List.of(42L)));
        server.state = new FolderState(7, 43, 1, 6); // another client appended message 42
        assertEquals(server.found, cache.search(SearchQuery.parse("new"), Optional.empty()));
        assertNotSame(first, cache.listMessages("INBOX"), "checked before it is due");
        assertEquals(1, server.listChangesCalls.size());
    }

    @Test
    void aSearchThatFindsOnlyListedMessagesLeavesTheListingBe() {
        server.messages = List.of(new dev.mailfs.mail.MessageMeta(42, 10, java.time.Instant.EPOCH, Optional.empty(), "s", "f", "t",
                "<42@x>", Set.of()));
        server.state = new FolderState(7, 43, 1, 5);
        FolderListing first = cache.listMessages("INBOX");
        server.found = List.of(new SearchHits("INBOX", 7, List.of(42L)));
        cache.search(SearchQuery.parse("old"), Optional.empty());
        assertSame(first, cache.listMessages("INBOX"));
        assertEquals(1, server.folderStateCalls.get(), "not even checked");
    }

    @Test
    void aListingInUseIsCheckedWithStatusAndFetchedAgainOnlyWhenTheFolderChanged() {
        server.state = new FolderState(7, 10, 0, 5);
        FolderListing first = cache.listMessages("INBOX");
        assertEquals(1, server.folderStateCalls.get());

        ticker.advance(CacheSettings.LISTING_CHECK_AFTER.minusMillis(1));
        assertSame(first, cache.listMessages("INBOX"));
        assertEquals(1, server.folderStateCalls.get(), "not checked again so soon");

        ticker.advance(Duration.ofMillis(2));
        assertSame(first, cache.listMessages("INBOX"), "unchanged: the same listing");
        assertEquals(2, server.folderStateCalls.get());
        assertEquals(1, server.listMessagesCalls.get());

        server.state = new FolderState(7, 11, 1, 6); // another client appended a message
        ticker.advance(CacheSettings.LISTING_CHECK_AFTER);
        FolderListing fresh = cache.listMessages("INBOX");
        assertNotSame(first, fresh);
        assertEquals(2, server.listMessagesCalls.get());
        assertSame(fresh, cache.listMessages("INBOX"));
    }

    @Test
    void aListingFoundCurrentIsKeptPastItsTtlWhereStatusTellsOfFlagsToo() {
        server.state = new FolderState(7, 10, 0, 99); // CONDSTORE: HIGHESTMODSEQ
        FolderListing first = cache.listMessages("INBOX");
        for (int i = 0; i < 20; i++) { // 40 s, longer than the TTL
            ticker.advance(CacheSettings.LISTING_CHECK_AFTER);
            assertSame(first, cache.listMessages("INBOX"));
        }
        assertEquals(1, server.listMessagesCalls.get(), "a STATUS each time, never the whole listing again");
        assertEquals(21, server.folderStateCalls.get());
    }

    @Test
    void aWatchedFolderIsAskedOnlyWhenTheServerToldOfAChangeAndThenAtOnce() {
        server.state = new FolderState(7, 10, 0, 0); // no CONDSTORE
        cache.watchForChanges("INBOX");
        cache.listMessages("INBOX");
        server.watcher.watching("INBOX");
        cache.listMessages("INBOX");
        assertEquals(List.of(true), server.listChangesCalls, "what changed before the watch began is fetched, flags too");
        int asked = server.folderStateCalls.get();
        int fetched = server.listMessagesCalls.get();

        FolderListing current = cache.listMessages("INBOX");
        for (int i = 0; i < 30; i++) { // 60 s, twice the listing TTL
            ticker.advance(CacheSettings.LISTING_CHECK_AFTER);
            assertSame(current, cache.listMessages("INBOX"));
        }
        assertEquals(asked, server.folderStateCalls.get(), "nothing asked while the server tells nothing");
        assertEquals(30, server.askedNow.get(), "but told, every 2 s while in use, to say what it may hold back");
        assertEquals(fetched, server.listMessagesCalls.get(), "and never fetched again");

        server.watcher.changed("INBOX", false);
        cache.listMessages("INBOX");
        assertEquals(asked + 1, server.folderStateCalls.get(), "told of a change: asked at once, without waiting 2 s");
        server.state = new FolderState(7, 10, 0, 0);
        server.watcher.changed("INBOX", true);
        cache.listMessages("INBOX");
        assertEquals(List.of(true, true), server.listChangesCalls, "STATUS cannot tell of flags: they are fetched");
    }

    @Test
    void aFolderNoLongerWatchedIsCheckedWhenUsedAgain() {
        server.state = new FolderState(7, 10, 0, 99);
        cache.watchForChanges("INBOX");
        server.watcher.watching("INBOX");
        cache.listMessages("INBOX");
        ticker.advance(CacheSettings.LISTING_CHECK_AFTER);
        cache.listMessages("INBOX");
        int asked = server.folderStateCalls.get();

        server.watcher.notWatching("INBOX");
        ticker.advance(CacheSettings.LISTING_CHECK_AFTER);
        cache.listMessages("INBOX");
        assertEquals(asked + 1, server.folderStateCalls.get());
    }

    @Test
    void aChangeToldWhileTheServerCannotBeAskedIsActedOnWhenItCan() {
        server.state = new FolderState(7, 10, 0, 0);
        cache.watchForChanges("INBOX");
        server.watcher.watching("INBOX");
        FolderListing held = cache.listMessages("INBOX");
        server.listChangesCalls.clear();
        server.watcher.changed("INBOX", true);
        server.away = true;
        assertSame(held, cache.listMessages("INBOX"), "what we have, while the server is away");
        server.away = false;
        cache.listMessages("INBOX");
        assertEquals(List.of(true), server.listChangesCalls, "the flags told of are fetched once it is back");
    }

    @Test
    void aFolderRenumberedByTheServerHasItsBodiesDroppedFromMemory() {
        server.state = new FolderState(7, 10, 0, 0);
        cache.listMessages("INBOX");
        cache.readBody(SMALL, 0, 100);
        cache.readBody(SMALL, 0, 100);
        assertEquals(1, server.requests.size());

        server.uidValidity = 8; // INBOX deleted and made again by another client
        server.state = new FolderState(8, 1, 0, 0);
        ticker.advance(CacheSettings.LISTING_CHECK_AFTER);
        assertEquals(8, cache.listMessages("INBOX").uidValidity());
        cache.readBody(SMALL, 0, 100);
        assertEquals(2, server.requests.size(), "what was kept under UIDVALIDITY 7 is gone");
    }

    /** STATUS says the folder was made again, but the answer came for the old one: it is asked again, not trusted. */
    @Test
    void aListingOfTheOldFolderIsNotTakenForTheNewOne() {
        server.state = new FolderState(7, 10, 0, 5);
        cache.listMessages("INBOX");
        server.state = new FolderState(8, 1, 0, 1); // made again; the listing still comes under UIDVALIDITY 7
        ticker.advance(CacheSettings.LISTING_CHECK_AFTER);
        cache.listMessages("INBOX");
        assertEquals(1, server.listChangesCalls.size());
        cache.listMessages("INBOX");
        assertEquals(2, server.listChangesCalls.size(), "checked again at once");
        assertEquals(2, server.reopened.get(), "on a connection opened afresh");
        server.uidValidity = 8;
        assertEquals(8, cache.listMessages("INBOX").uidValidity());
        int asked = server.listChangesCalls.size();
        ticker.advance(CacheSettings.LISTING_CHECK_AFTER);
        cache.listMessages("INBOX");
        assertEquals(asked, server.listChangesCalls.size(), "current once the new folder answered");
    }

    /** Without CONDSTORE a flag changed elsewhere changes no STATUS item: the flags are fetched at each check. */
    @Test
    void aListingInUseHasItsFlagsFetchedAtEachCheckWhereStatusCannotTellOfThem() {
        server.state = new FolderState(7, 10, 0, 0);
        cache.listMessages("INBOX");
        for (int i = 0; i < 3; i++) {
            ticker.advance(CacheSettings.LISTING_CHECK_AFTER);
            cache.listMessages("INBOX");
        }
        assertEquals(List.of(true, true, true), server.listChangesCalls);
    }

    @Test
    void listingIsCachedUntilItsTtlPasses() {
        FolderListing first = cache.listMessages("INBOX");
        assertSame(first, cache.listMessages("INBOX"));
        assertEquals(1, server.listMessagesCalls.get());

        ticker.advance(LISTING_TTL.minusSeconds(1));
        assertSame(first, cache.listMessages("INBOX"));
        assertEquals(1, server.listMessagesCalls.get());

        ticker.advance(Duration.ofSeconds(2));
        FolderListing fresh = cache.listMessages("INBOX");
        assertEquals(2, server.listMessagesCalls.get());
        assertTrue(fresh != first, "a new listing was expected after the TTL");

        assertSame(fresh, cache.listMessages("INBOX"));
        assertEquals(2, server.listMessagesCalls.get());
    }

    @Test
    void eachFolderHasItsOwnListing() {
        FolderListing inbox = cache.listMessages("INBOX");
        FolderListing work = cache.listMessages("Work");

        assertEquals("INBOX", inbox.folder());
        assertEquals("Work", work.folder());
        assertEquals(2, server.listMessagesCalls.get());
        cache.listMessages("INBOX");
        cache.listMessages("Work");
        assertEquals(2, server.listMessagesCalls.get());
    }

    @Test
    void failedListingIsNotCached() {
        assertThrows(MailfsException.NotFound.class, () -> cache.listMessages("Missing"));
        assertThrows(MailfsException.NotFound.class, () -> cache.listMessages("Missing"));
        assertEquals(2, server.listMessagesCalls.get());
    }

    @Test
    void folderListIsCachedUntilItsTtlPasses() {
        List<FolderInfo> first = cache.listFolders();
        assertEquals(List.of(new FolderInfo("INBOX", '/', true), new FolderInfo("Work", '/', true)), first);
        assertSame(first, cache.listFolders());
        assertEquals(1, server.listFoldersCalls.get());

        ticker.advance(FOLDER_LIST_TTL.minusSeconds(1));
        assertSame(first, cache.listFolders());
        assertEquals(1, server.listFoldersCalls.get());

        ticker.advance(Duration.ofSeconds(2));
        cache.listFolders();
        assertEquals(2, server.listFoldersCalls.get());
        cache.listFolders();
        assertEquals(2, server.listFoldersCalls.get());
    }

    @Test
    void folderListTtlIsIndependentOfListingTtl() {
        cache.listFolders();
        cache.listMessages("INBOX");

        ticker.advance(LISTING_TTL.plusSeconds(1)); // past the listing TTL, not the folder list's
        cache.listFolders();
        cache.listMessages("INBOX");

        assertEquals(1, server.listFoldersCalls.get());
        assertEquals(2, server.listMessagesCalls.get());
    }

    // --- the rest -------------------------------------------------------------------------------

    @Test
    void closeClosesTheServer() {
        cache.close();
        assertTrue(server.closed.get());
    }

    @Test
    void aStructureIsFetchedOnceForGood() {
        CountingSource server = new CountingSource();
        server.sizes.put(SMALL, 10L);
        CachedMailSource cached = new CachedMailSource(server, SETTINGS);
        BodyPart first = cached.readStructure(SMALL);
        assertSame(first, cached.readStructure(SMALL));
        assertEquals(1, server.readStructureCalls.get());
    }

    @Test
    void structuresAskedForTogetherAreKeptForEachMessage() {
        assertEquals(Set.of(1L, 2L, 3L), cache.readStructures("INBOX", 7, List.of(1L, 2L, 3L)).keySet());
        int asked = server.readStructureCalls.get();
        cache.readStructure(HUGE);
        cache.readStructure(SMALL);
        assertEquals(asked, server.readStructureCalls.get(), "each was kept");
    }

    @Test
    void settingsRefuseNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new CacheSettings(FOLDER_LIST_TTL, LISTING_TTL, 1 << 20, 0, 100, 1 << 20));
        assertThrows(IllegalArgumentException.class, () -> new CacheSettings(FOLDER_LIST_TTL, LISTING_TTL, 1 << 20, -1, 100, 1 << 20));
        assertThrows(IllegalArgumentException.class, () -> new CacheSettings(FOLDER_LIST_TTL, LISTING_TTL, 100, 1024, 100, 1 << 20));
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        CacheSettings defaults = CacheSettings.defaults();
        assertEquals(Duration.ofSeconds(60), defaults.folderListTtl());
        assertEquals(Duration.ofSeconds(30), defaults.listingTtl());
        assertEquals(64L << 20, defaults.bodyCacheBytes());
        assertEquals(1 << 20, defaults.chunkBytes());
    }
}
