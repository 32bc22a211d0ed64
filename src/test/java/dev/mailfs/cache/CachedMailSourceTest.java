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
import dev.mailfs.mail.GmailMeta;
import dev.mailfs.mail.MessageMeta;
import dev.mailfs.mail.MessageRef;
import dev.mailfs.mail.Quota;
import dev.mailfs.mail.SearchHits;
import dev.mailfs.mail.SearchQuery;
import dev.mailfs.testing.InMemoryMailSource;
import dev.mailfs.testing.MailRequest.AskNow;
import dev.mailfs.testing.MailRequest.FolderStatus;
import dev.mailfs.testing.MailRequest.ListChanges;
import dev.mailfs.testing.MailRequest.ListFolders;
import dev.mailfs.testing.MailRequest.ListMessages;
import dev.mailfs.testing.MailRequest.ReadBody;
import dev.mailfs.testing.MailRequest.ReadStructure;
import dev.mailfs.testing.MailRequest.Reopen;
import dev.mailfs.testing.MailRequest;
import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
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

    /** The bytes of a generated message at this position. */
    static byte[] content(MessageRef message, long offset, int length) {
        return InMemoryMailSource.generatedBytes(message.uid(), offset, length);
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

    /** A server that cannot tell a folder's state, unless a test says it can. */
    private final InMemoryMailSource server = new InMemoryMailSource().status(false).folder("INBOX", 7).folder("Work", 7);
    private final ManualTicker ticker = new ManualTicker();
    private final CachedMailSource cache = new CachedMailSource(server, SETTINGS, ticker);

    CachedMailSourceTest() {
        server.addGenerated("INBOX", HUGE.uid(), HUGE_SIZE);
        server.addGenerated("INBOX", SMALL.uid(), 3000);
        server.addGenerated("INBOX", EXACT.uid(), 2L * CHUNK);
    }

    // --- bodies ---------------------------------------------------------------------------------

    @Test
    void aGmailMessageReadInOneLabelsFolderIsNotFetchedAgainInAnother() {
        assertEquals(3, fetchesToReadInTwoFolders(true), "three chunks, fetched once, through INBOX");
        assertEquals(6, fetchesToReadInTwoFolders(false), "elsewhere two folders hold two messages");
    }

    private int fetchesToReadInTwoFolders(boolean gmail) {
        InMemoryMailSource source = new InMemoryMailSource().status(false).gmailLabels(gmail).folder("INBOX", 7).folder("Work", 7);
        MessageMeta message = new MessageMeta(2, 3000, Instant.EPOCH, Optional.empty(), "s", "f", "t", "<m@example.com>", Set.of(),
                Optional.of(new GmailMeta(0x18c0ffee12345678L, 1, Set.of("\\Inbox", "Work"))));
        MessageRef inInbox = source.addGenerated("INBOX", message);
        // On Gmail the one message shows in Work too (under a UID of its own there); elsewhere Work holds a copy.
        MessageRef inWork = gmail ? source.listing("Work").refOf(source.listing("Work").messages().get(0)) : source.addGenerated("Work", message);
        CachedMailSource cached = new CachedMailSource(source, SETTINGS, ticker);
        cached.listMessages("INBOX");
        cached.listMessages("Work");
        byte[] first = cached.readBody(inInbox, 0, 3000);
        byte[] second = cached.readBody(inWork, 0, 3000);
        assertArrayEquals(first, second);
        return source.count(ReadBody.class);
    }

    @Test
    void startOfAHugeMessageFetchesOnlyTheFirstChunk() {
        byte[] bytes = cache.readBody(HUGE, 0, 100);

        assertArrayEquals(content(HUGE, 0, 100), bytes);
        assertEquals(List.of(new ReadBody(HUGE, 0, CHUNK)), server.requests(ReadBody.class));
    }

    @Test
    void readWithinOneChunkFetchesOnlyThatChunk() {
        byte[] bytes = cache.readBody(HUGE, 5L * CHUNK + 10, 200);

        assertArrayEquals(content(HUGE, 5L * CHUNK + 10, 200), bytes);
        assertEquals(List.of(new ReadBody(HUGE, 5L * CHUNK, CHUNK)), server.requests(ReadBody.class));
    }

    @Test
    void readSpanningTwoChunksFetchesBothOnce() {
        byte[] bytes = cache.readBody(HUGE, 1000, 100);

        assertArrayEquals(content(HUGE, 1000, 100), bytes);
        assertEquals(List.of(new ReadBody(HUGE, 0, CHUNK), new ReadBody(HUGE, CHUNK, CHUNK)), server.requests(ReadBody.class));
    }

    @Test
    void readingAgainAsksTheServerNothing() {
        byte[] first = cache.readBody(HUGE, 1000, 100);
        int asked = server.count(ReadBody.class);

        byte[] second = cache.readBody(HUGE, 1000, 100);
        byte[] inside = cache.readBody(HUGE, 0, 2 * CHUNK);
        byte[] part = cache.readBody(HUGE, 1500, 3);

        assertArrayEquals(first, second);
        assertArrayEquals(content(HUGE, 0, 2 * CHUNK), inside);
        assertArrayEquals(content(HUGE, 1500, 3), part);
        assertEquals(asked, server.count(ReadBody.class));
    }

    @Test
    void readSpanningManyChunksFetchesEachOnceInOrder() {
        byte[] bytes = cache.readBody(HUGE, 500, 5000);

        assertArrayEquals(content(HUGE, 500, 5000), bytes);
        List<ReadBody> expected = new ArrayList<>();
        for (long index = 0; index <= (500 + 5000 - 1) / CHUNK; index++) {
            expected.add(new ReadBody(HUGE, index * CHUNK, CHUNK));
        }
        assertEquals(expected, server.requests(ReadBody.class));
    }

    @Test
    void endOfAHugeMessageFetchesOnlyItsLastChunk() {
        byte[] bytes = cache.readBody(HUGE, HUGE_SIZE - 10, 100);

        assertArrayEquals(content(HUGE, HUGE_SIZE - 10, 10), bytes);
        long lastChunk = HUGE_SIZE / CHUNK; // 29296, holding the last 896 bytes
        assertEquals(List.of(new ReadBody(HUGE, lastChunk * CHUNK, CHUNK)), server.requests(ReadBody.class));
    }

    @Test
    void readPastTheEndReturnsFewerBytes() {
        byte[] bytes = cache.readBody(SMALL, 2900, 500);

        assertArrayEquals(content(SMALL, 2900, 100), bytes);
        assertEquals(List.of(new ReadBody(SMALL, 2 * CHUNK, CHUNK)), server.requests(ReadBody.class));
    }

    @Test
    void readOfTheWholeSmallMessageWithAGenerousLength() {
        assertArrayEquals(content(SMALL, 0, 3000), cache.readBody(SMALL, 0, 1 << 16));
        assertEquals(List.of(new ReadBody(SMALL, 0, CHUNK), new ReadBody(SMALL, CHUNK, CHUNK), new ReadBody(SMALL, 2 * CHUNK, CHUNK)),
                server.requests(ReadBody.class));
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
        assertEquals(List.of(new ReadBody(HUGE, 0, CHUNK), new ReadBody(SMALL, 0, CHUNK)), server.requests(ReadBody.class));
    }

    @Test
    void sameUidUnderANewUidValidityIsFetchedAgain() {
        MessageRef renumbered = new MessageRef("INBOX", 8, SMALL.uid());

        cache.readBody(SMALL, 0, 10);
        server.renumber("INBOX", 8);
        cache.readBody(renumbered, 0, 10);

        assertEquals(List.of(new ReadBody(SMALL, 0, CHUNK), new ReadBody(renumbered, 0, CHUNK)), server.requests(ReadBody.class));
    }

    @Test
    void bodiesDoNotExpireWithTime() {
        cache.readBody(SMALL, 0, 10);
        ticker.advance(Duration.ofDays(30));
        cache.readBody(SMALL, 0, 10);

        assertEquals(1, server.count(ReadBody.class));
    }

    // --- listings --------------------------------------------------------------------------------

    @Test
    void aSearchThatFindsAMessageTheHeldListingLacksHasTheListingBroughtUpToDateAtOnce() {
        server.status(true).condstore(true);
        FolderListing first = cache.listMessages("INBOX");
        addMessage42("new"); // by another client
        assertEquals(List.of(new SearchHits("INBOX", 7, List.of(42L)), new SearchHits("Work", 7, List.of())),
                cache.search(SearchQuery.parse("new"), Optional.empty()));
        assertNotSame(first, cache.listMessages("INBOX"), "checked before it is due");
        assertEquals(1, server.count(ListChanges.class));
    }

    @Test
    void aSearchThatFindsOnlyListedMessagesLeavesTheListingBe() {
        addMessage42("old");
        server.status(true).condstore(true);
        FolderListing first = cache.listMessages("INBOX");
        assertEquals(List.of(new SearchHits("INBOX", 7, List.of(42L)), new SearchHits("Work", 7, List.of())),
                cache.search(SearchQuery.parse("old"), Optional.empty()));
        assertSame(first, cache.listMessages("INBOX"));
        assertEquals(1, server.count(FolderStatus.class), "not even checked");
    }

    private void addMessage42(String subject) {
        byte[] raw = ("Subject: " + subject + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        server.add("INBOX", InMemoryMailSource.describe(42, raw, Instant.EPOCH, Set.of()), raw);
    }

    @Test
    void aListingInUseIsCheckedWithStatusAndFetchedAgainOnlyWhenTheFolderChanged() {
        server.status(true).condstore(true);
        FolderListing first = cache.listMessages("INBOX");
        assertEquals(1, server.count(FolderStatus.class));

        ticker.advance(CacheSettings.LISTING_CHECK_AFTER.minusMillis(1));
        assertSame(first, cache.listMessages("INBOX"));
        assertEquals(1, server.count(FolderStatus.class), "not checked again so soon");

        ticker.advance(Duration.ofMillis(2));
        assertSame(first, cache.listMessages("INBOX"), "unchanged: the same listing");
        assertEquals(2, server.count(FolderStatus.class));
        assertEquals(1, server.count(ListMessages.class));

        server.add("INBOX", "Subject: new\r\n\r\n"); // by another client
        ticker.advance(CacheSettings.LISTING_CHECK_AFTER);
        FolderListing fresh = cache.listMessages("INBOX");
        assertNotSame(first, fresh);
        assertEquals(2, server.count(ListMessages.class));
        assertSame(fresh, cache.listMessages("INBOX"));
    }

    @Test
    void aListingFoundCurrentIsKeptPastItsTtlWhereStatusTellsOfFlagsToo() {
        server.status(true).condstore(true);
        FolderListing first = cache.listMessages("INBOX");
        for (int i = 0; i < 20; i++) { // 40 s, longer than the TTL
            ticker.advance(CacheSettings.LISTING_CHECK_AFTER);
            assertSame(first, cache.listMessages("INBOX"));
        }
        assertEquals(1, server.count(ListMessages.class), "a STATUS each time, never the whole listing again");
        assertEquals(21, server.count(FolderStatus.class));
    }

    @Test
    void aWatchedFolderIsAskedOnlyWhenTheServerToldOfAChangeAndThenAtOnce() {
        server.status(true);
        cache.watchForChanges("INBOX");
        cache.listMessages("INBOX");
        server.watcher("INBOX").watching("INBOX");
        cache.listMessages("INBOX");
        assertEquals(List.of(new ListChanges("INBOX", true)), server.requests(ListChanges.class),
                "what changed before the watch began is fetched, flags too");
        int asked = server.count(FolderStatus.class);
        int fetched = server.count(ListMessages.class);

        FolderListing current = cache.listMessages("INBOX");
        for (int i = 0; i < 30; i++) { // 60 s, twice the listing TTL
            ticker.advance(CacheSettings.LISTING_CHECK_AFTER);
            assertSame(current, cache.listMessages("INBOX"));
        }
        assertEquals(asked, server.count(FolderStatus.class), "nothing asked while the server tells nothing");
        assertEquals(30, server.count(AskNow.class), "but told, every 2 s while in use, to say what it may hold back");
        assertEquals(fetched, server.count(ListMessages.class), "and never fetched again");

        server.watcher("INBOX").changed("INBOX", false);
        cache.listMessages("INBOX");
        assertEquals(asked + 1, server.count(FolderStatus.class), "told of a change: asked at once, without waiting 2 s");
        server.watcher("INBOX").changed("INBOX", true);
        cache.listMessages("INBOX");
        assertEquals(List.of(new ListChanges("INBOX", true), new ListChanges("INBOX", true)), server.requests(ListChanges.class),
                "STATUS cannot tell of flags: they are fetched");
    }

    @Test
    void aFolderNoLongerWatchedIsCheckedWhenUsedAgain() {
        server.status(true).condstore(true);
        cache.watchForChanges("INBOX");
        server.watcher("INBOX").watching("INBOX");
        cache.listMessages("INBOX");
        ticker.advance(CacheSettings.LISTING_CHECK_AFTER);
        cache.listMessages("INBOX");
        int asked = server.count(FolderStatus.class);

        server.watcher("INBOX").notWatching("INBOX");
        ticker.advance(CacheSettings.LISTING_CHECK_AFTER);
        cache.listMessages("INBOX");
        assertEquals(asked + 1, server.count(FolderStatus.class));
    }

    @Test
    void aListingWhoseCheckTheServerDoesNotAnswerIsServedAsHeldAndTheCheckServesTheNextLook() throws Exception {
        InMemoryMailSource hanging = new InMemoryMailSource().status(true).folder("INBOX", 7);
        hanging.add("INBOX", "Subject: first\r\n\r\n");
        try (CachedMailSource cache = new CachedMailSource(hanging, SETTINGS, ticker)) {
            FolderListing held = cache.listMessages("INBOX");
            hanging.add("INBOX", "Subject: second\r\n\r\n"); // by another client, while the server then hangs
            CountDownLatch answer = hanging.holdStatus();
            ticker.advance(CacheSettings.LISTING_CHECK_AFTER);

            long start = System.nanoTime();
            assertSame(held, cache.listMessages("INBOX"), "the listing held, while the check waits for the server");
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(waited.compareTo(ListingCache.CHECK_WAIT.plusMillis(400)) < 0, "answered after " + waited);

            answer.countDown();
            FolderListing checked = cache.listMessages("INBOX");
            for (long end = System.nanoTime() + Duration.ofSeconds(10).toNanos(); checked.messages().size() < 2 && System.nanoTime() < end; ) {
                Thread.sleep(10);
                checked = cache.listMessages("INBOX");
            }
            assertEquals(2, checked.messages().size(), "the check, once answered, serves the next look");
        }
    }

    @Test
    void aChangeToldWhileTheServerCannotBeAskedIsActedOnWhenItCan() {
        server.status(true);
        cache.watchForChanges("INBOX");
        server.watcher("INBOX").watching("INBOX");
        FolderListing held = cache.listMessages("INBOX");
        int before = server.count(ListChanges.class);
        server.watcher("INBOX").changed("INBOX", true);
        server.fail(FolderStatus.class, new MailfsException.Unavailable("the server is away", null));
        assertSame(held, cache.listMessages("INBOX"), "what we have, while the server is away");
        server.recover();
        cache.listMessages("INBOX");
        assertEquals(List.of(new ListChanges("INBOX", true)), server.requests(ListChanges.class).subList(before, server.count(ListChanges.class)),
                "the flags told of are fetched once it is back");
    }

    @Test
    void aFolderRenumberedByTheServerHasItsBodiesDroppedFromMemory() {
        server.status(true);
        cache.listMessages("INBOX");
        cache.readBody(SMALL, 0, 100);
        cache.readBody(SMALL, 0, 100);
        assertEquals(1, server.count(ReadBody.class));

        server.renumber("INBOX", 8); // INBOX deleted and made again by another client
        ticker.advance(CacheSettings.LISTING_CHECK_AFTER);
        assertEquals(8, cache.listMessages("INBOX").uidValidity());
        assertThrows(MailfsException.NotFound.class, () -> cache.readBody(SMALL, 0, 100), "the server no longer has it under 7");
        assertTrue(server.count(ReadBody.class) > 1, "what was kept under UIDVALIDITY 7 is gone: the server was asked again");
    }

    /** STATUS says the folder was made again, but the answer came for the old one: it is asked again, not trusted. */
    @Test
    void aListingOfTheOldFolderIsNotTakenForTheNewOne() {
        server.status(true).condstore(true);
        cache.listMessages("INBOX");
        server.renumber("INBOX", 8); // made again; the next two listings still come under UIDVALIDITY 7
        server.answerForTheOldFolder("INBOX", 2);
        ticker.advance(CacheSettings.LISTING_CHECK_AFTER);
        cache.listMessages("INBOX");
        assertEquals(1, server.count(ListChanges.class));
        cache.listMessages("INBOX");
        assertEquals(2, server.count(ListChanges.class), "checked again at once");
        assertEquals(2, server.count(Reopen.class), "on a connection opened afresh");
        assertEquals(8, cache.listMessages("INBOX").uidValidity());
        int asked = server.count(ListChanges.class);
        ticker.advance(CacheSettings.LISTING_CHECK_AFTER);
        cache.listMessages("INBOX");
        assertEquals(asked, server.count(ListChanges.class), "current once the new folder answered");
    }

    /** Without CONDSTORE a flag changed elsewhere changes no STATUS item: the flags are fetched at each check. */
    @Test
    void aListingInUseHasItsFlagsFetchedAtEachCheckWhereStatusCannotTellOfThem() {
        server.status(true);
        cache.listMessages("INBOX");
        for (int i = 0; i < 3; i++) {
            ticker.advance(CacheSettings.LISTING_CHECK_AFTER);
            cache.listMessages("INBOX");
        }
        assertEquals(Collections.nCopies(3, new ListChanges("INBOX", true)), server.requests(ListChanges.class));
    }

    @Test
    void listingIsCachedUntilItsTtlPasses() {
        FolderListing first = cache.listMessages("INBOX");
        assertSame(first, cache.listMessages("INBOX"));
        assertEquals(1, server.count(ListMessages.class));

        ticker.advance(LISTING_TTL.minusSeconds(1));
        assertSame(first, cache.listMessages("INBOX"));
        assertEquals(1, server.count(ListMessages.class));

        ticker.advance(Duration.ofSeconds(2));
        FolderListing fresh = cache.listMessages("INBOX");
        assertEquals(2, server.count(ListMessages.class));
        assertTrue(fresh != first, "a new listing was expected after the TTL");

        assertSame(fresh, cache.listMessages("INBOX"));
        assertEquals(2, server.count(ListMessages.class));
    }

    @Test
    void eachFolderHasItsOwnListing() {
        FolderListing inbox = cache.listMessages("INBOX");
        FolderListing work = cache.listMessages("Work");

        assertEquals("INBOX", inbox.folder());
        assertEquals("Work", work.folder());
        assertEquals(2, server.count(ListMessages.class));
        cache.listMessages("INBOX");
        cache.listMessages("Work");
        assertEquals(2, server.count(ListMessages.class));
    }

    @Test
    void failedListingIsNotCached() {
        assertThrows(MailfsException.NotFound.class, () -> cache.listMessages("Missing"));
        assertThrows(MailfsException.NotFound.class, () -> cache.listMessages("Missing"));
        assertEquals(2, server.count(ListMessages.class));
    }

    @Test
    void folderListIsCachedUntilItsTtlPasses() {
        List<FolderInfo> first = cache.listFolders();
        assertEquals(List.of(new FolderInfo("INBOX", '/', true), new FolderInfo("Work", '/', true)), first);
        assertSame(first, cache.listFolders());
        assertEquals(1, server.count(ListFolders.class));

        ticker.advance(FOLDER_LIST_TTL.minusSeconds(1));
        assertSame(first, cache.listFolders());
        assertEquals(1, server.count(ListFolders.class));

        ticker.advance(Duration.ofSeconds(2));
        assertSame(first, cache.listFolders(), "answered at once from what is held, renewed in the background");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (server.count(ListFolders.class) < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(2, server.count(ListFolders.class));
        cache.listFolders();
        assertEquals(2, server.count(ListFolders.class));
    }

    @Test
    void folderListTtlIsIndependentOfListingTtl() {
        cache.listFolders();
        cache.listMessages("INBOX");

        ticker.advance(LISTING_TTL.plusSeconds(1)); // past the listing TTL, not the folder list's
        cache.listFolders();
        cache.listMessages("INBOX");

        assertEquals(1, server.count(ListFolders.class));
        assertEquals(2, server.count(ListMessages.class));
    }

    // --- the rest -------------------------------------------------------------------------------

    @Test
    void closeClosesTheServer() {
        cache.close();
        assertTrue(server.isClosed());
    }

    @Test
    void aStructureIsFetchedOnceForGood() {
        InMemoryMailSource server = new InMemoryMailSource().folder("INBOX", 7);
        server.addGenerated("INBOX", SMALL.uid(), 10);
        CachedMailSource cached = new CachedMailSource(server, SETTINGS);
        BodyPart first = cached.readStructure(SMALL);
        assertSame(first, cached.readStructure(SMALL));
        assertEquals(1, server.count(ReadStructure.class));
    }

    @Test
    void structuresAskedForTogetherAreKeptForEachMessage() {
        assertEquals(Set.of(1L, 2L, 3L), cache.readStructures("INBOX", 7, List.of(1L, 2L, 3L)).keySet());
        int asked = server.count(ReadStructure.class);
        cache.readStructure(HUGE);
        cache.readStructure(SMALL);
        assertEquals(asked, server.count(ReadStructure.class), "each was kept");
    }

    @Test
    void settingsRefuseNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new CacheSettings(FOLDER_LIST_TTL, LISTING_TTL, 1 << 20, 0, 100, 1 << 20));
        assertThrows(IllegalArgumentException.class, () -> new CacheSettings(FOLDER_LIST_TTL, LISTING_TTL, 1 << 20, -1, 100, 1 << 20));
        assertThrows(IllegalArgumentException.class, () -> new CacheSettings(FOLDER_LIST_TTL, LISTING_TTL, 100, 1024, 100, 1 << 20));
    }

    @Test
    void theQuotaIsAskedForAtMostOnceAMinute() {
        server.quota(new Quota(1000, 5000));
        assertEquals(Optional.of(new Quota(1000, 5000)), cache.quota());
        server.quota(new Quota(2000, 5000));
        ticker.advance(HeldQuota.LIFETIME.minusSeconds(1));
        assertEquals(Optional.of(new Quota(1000, 5000)), cache.quota(), "held");
        assertEquals(1, server.count(MailRequest.AskQuota.class));
        ticker.advance(Duration.ofSeconds(1));
        assertEquals(Optional.of(new Quota(2000, 5000)), cache.quota(), "asked again");
    }

    @Test
    void aServerThatDoesNotAnswerLeavesTheQuotaAsItWas() {
        server.quota(new Quota(1000, 5000));
        cache.quota();
        ticker.advance(HeldQuota.LIFETIME);
        server.quota(new Quota(3000, 5000));
        server.failEverything(() -> new MailfsException.Unavailable("away", null));
        assertEquals(Optional.of(new Quota(1000, 5000)), cache.quota());
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        CacheSettings defaults = CacheSettings.defaults();
        assertEquals(Duration.ofSeconds(5), defaults.folderListTtl());
        assertEquals(Duration.ofSeconds(30), defaults.listingTtl());
        assertEquals(64L << 20, defaults.bodyCacheBytes());
        assertEquals(1 << 20, defaults.chunkBytes());
    }
}
