package dev.mailfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.errors.MailfsException;
import dev.mailfs.testing.InMemoryMailSource;
import dev.mailfs.testing.LogCapture;
import dev.mailfs.vfs.MailFilesystem;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import jnr.constants.platform.Errno;
import jnr.ffi.Memory;
import jnr.ffi.Runtime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;

/** Every callback answers with an errno, whatever the layers below throw. */
class MailFuseTest {
    /** What the callbacks log is the tests' to check, not the build's output. */
    @RegisterExtension
    final LogCapture log = new LogCapture(ErrnoTable.class);

    private static MailFuse failingWith(Supplier<RuntimeException> failure) {
        InMemoryMailSource broken = new InMemoryMailSource();
        broken.failEverything(failure);
        return new MailFuse(new MailFilesystem(broken, ZoneOffset.UTC, Instant.EPOCH), new KernelCache(), 1000, 1000);
    }

    private static FileStat stat() {
        return new FileStat(Runtime.getSystemRuntime());
    }

    @Test
    void anUnexpectedExceptionBecomesEioAndIsLoggedWithItsPath() {
        MailFuse fuse = failingWith(() -> new IllegalStateException("surprise"));
        assertEquals(-Errno.EIO.intValue(), fuse.getattr("/INBOX/some.eml", stat()));
        assertEquals(1, log.records().size());
        assertTrue(log.records().get(0).getMessage().contains("/INBOX/some.eml"), log.records().get(0).getMessage());
        assertEquals(IllegalStateException.class, log.records().get(0).getThrown().getClass());
    }

    @Test
    void anErrorThrownDeepDownIsCaughtToo() {
        MailFuse fuse = failingWith(() -> new RuntimeException(new StackOverflowError()));
        assertEquals(-Errno.EIO.intValue(), fuse.getattr("/", stat()));
        assertEquals(Level.SEVERE, log.records().get(0).getLevel());
        assertEquals(StackOverflowError.class, log.records().get(0).getThrown().getCause().getClass(), "logged with its cause");
    }

    @Test
    void anUnreachableServerIsEioWithoutAStackTrace() {
        MailFuse fuse = failingWith(() -> new MailfsException.Unavailable("cannot reach the server", null));
        assertEquals(-Errno.EIO.intValue(), fuse.getattr("/INBOX", stat()));
        assertEquals(null, log.records().get(0).getThrown());
        assertTrue(log.records().get(0).getMessage().contains("/INBOX"));
    }

    /** A server held off was logged once when that began: each file a grep -r then fails on adds no warning. */
    @Test
    void failingAtOnceWhileTheServerIsHeldOffIsEioWithNoWarningEach() {
        MailFuse fuse = failingWith(() -> new MailfsException.HeldOff("the server is not answering, so a read fails at once"));
        for (int i = 0; i < 100; i++) {
            assertEquals(-Errno.EIO.intValue(), fuse.getattr("/INBOX/" + i, stat()));
        }
        assertEquals(List.of(), log.records(Level.WARNING));
    }

    @Test
    void theVocabularyMapsToItsErrno() {
        assertEquals(-Errno.ENOENT.intValue(), failingWith(() -> new MailfsException.NotFound("x")).getattr("/x", stat()));
        assertEquals(-Errno.ENOTDIR.intValue(), failingWith(() -> new MailfsException.NotADirectory("x")).getattr("/x", stat()));
        assertEquals(-Errno.EISDIR.intValue(), failingWith(() -> new MailfsException.IsADirectory("x")).getattr("/x", stat()));
        assertEquals(-Errno.EROFS.intValue(), failingWith(() -> new MailfsException.ReadOnly("x")).getattr("/x", stat()));
        assertEquals(-Errno.EIO.intValue(), failingWith(() -> new MailfsException.ServerError("x", null)).getattr("/x", stat()));
    }

    @Test
    void aReadOnlyMountAnswersEveryChangeWithErofs() {
        InMemoryMailSource empty = new InMemoryMailSource().folder("INBOX", 1);
        MailFuse fuse = new MailFuse(new MailFilesystem(empty, ZoneOffset.UTC, Instant.EPOCH), new KernelCache(), 1000, 1000);
        int erofs = -Errno.EROFS.intValue();
        assertEquals(erofs, fuse.mkdir("/Work", 0700));
        assertEquals(erofs, fuse.rmdir("/INBOX"));
        assertEquals(erofs, fuse.unlink("/INBOX/x.eml"));
        assertEquals(erofs, fuse.rename("/INBOX", "/Inbox2"));
        assertEquals(erofs, fuse.create("/INBOX/new.eml", 0600, null));
        assertEquals(erofs, fuse.chmod("/INBOX", 0777));
        assertEquals(erofs, fuse.mkdir("/Nope/Deeper", 0700), "a read-only mount says so before anything else");
        assertEquals(erofs, fuse.open("/INBOX", openFlags(O_WRONLY)));
    }

    /** ENOSYS makes the kernel stop sending OPEN and RELEASE: two requests fewer per file read. */
    @Test
    void openingForReadingIsLeftToTheKernel() {
        MailFuse fuse = failingWith(() -> new IllegalStateException("open must not ask the filesystem"));
        assertEquals(-Errno.ENOSYS.intValue(), fuse.open("/INBOX/some.eml", openFlags(0)));
        assertEquals(List.of(), log.records());
    }

    private static final int O_WRONLY = 1;

    private static FuseFileInfo openFlags(int flags) {
        FuseFileInfo fi = FuseFileInfo.of(Memory.allocateDirect(Runtime.getSystemRuntime(), 64));
        fi.flags.set(flags);
        return fi;
    }
}
