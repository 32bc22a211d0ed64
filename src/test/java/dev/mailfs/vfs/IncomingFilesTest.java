package dev.mailfs.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.testing.InMemoryMailSource;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files copied in, when the kernel sends no RELEASE after their close(2) (it does not, once a mount has answered a read). */
class IncomingFilesTest {
    private static final Duration GRACE = Duration.ofMillis(300);
    private static final byte[] MESSAGE = "Subject: in\r\nMessage-ID: <in@test>\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path directory;
    private final InMemoryMailSource mail = new InMemoryMailSource().folder("INBOX", 7);

    @Test
    void aCopyGoesAfterItsCloseWithoutARelease() throws Exception {
        try (IncomingFiles incoming = new IncomingFiles(mail, directory, GRACE)) {
            long handle = incoming.create("/INBOX/in.eml", "INBOX");
            incoming.write(handle, 0, MESSAGE);
            incoming.flush(handle);
            assertEquals(1, mail.listing("INBOX").messages().size(), "appended at close");

            awaitNoCopies();
            assertEquals(0, incoming.open(), "not counted as being copied in any more");
        }
    }

    @Test
    void aCopyWrittenAgainAfterItsCloseStaysUntilItsNextClose() throws Exception {
        try (IncomingFiles incoming = new IncomingFiles(mail, directory, GRACE)) {
            long handle = incoming.create("/INBOX/in.eml", "INBOX");
            // A shell's redirection closes its first descriptor before anything is written (and ignores this refusal).
            assertThrows(MailfsException.InvalidArgument.class, () -> incoming.flush(handle));
            incoming.write(handle, 0, MESSAGE);
            Thread.sleep(GRACE.multipliedBy(3).toMillis());
            assertEquals(1, copies(), "written since the close: kept");

            incoming.flush(handle);
            assertEquals(1, mail.listing("INBOX").messages().size());
            awaitNoCopies();
        }
    }

    @Test
    void aWriteInterruptedByCtrlCLeavesTheFileWritableAfterIt() throws Exception {
        try (IncomingFiles incoming = new IncomingFiles(mail, directory, GRACE)) {
            long handle = incoming.create("/INBOX/in.eml", "INBOX");
            Thread.currentThread().interrupt(); // as FUSE_INTERRUPT does: the channel the write lands in is closed
            assertThrows(ClosedByInterruptException.class, () -> incoming.write(handle, 0, MESSAGE));
            assertTrue(Thread.interrupted());

            incoming.write(handle, 0, MESSAGE);
            incoming.flush(handle);
            assertEquals(1, mail.listing("INBOX").messages().size());
        }
    }

    @Test
    void theCopiesStillThereGoWhenItIsClosed() throws Exception {
        IncomingFiles incoming = new IncomingFiles(mail, directory, Duration.ofHours(1));
        long handle = incoming.create("/INBOX/in.eml", "INBOX");
        incoming.write(handle, 0, MESSAGE);
        assertEquals(1, copies());
        incoming.close();
        assertEquals(0, copies());
    }

    private void awaitNoCopies() throws Exception {
        for (long end = System.nanoTime() + Duration.ofSeconds(10).toNanos(); copies() > 0 && System.nanoTime() < end; ) {
            Thread.sleep(20);
        }
        assertEquals(0, copies(), "the copy is gone");
        assertTrue(Files.isDirectory(directory));
    }

    private long copies() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.count();
        }
    }
}
