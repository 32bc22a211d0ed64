package dev.mailfs.cli;

import dev.mailfs.cache.CacheSettings;
import dev.mailfs.cache.CachedMailSource;
import dev.mailfs.cache.DiskBodyStore;
import dev.mailfs.cache.SearchStore;
import dev.mailfs.credentials.Secret;
import dev.mailfs.errors.MailfsException;
import dev.mailfs.fuse.FuseMount;
import dev.mailfs.fuse.MountFailedException;
import dev.mailfs.imap.ImapMailSource;
import dev.mailfs.imap.ImapSettings;
import dev.mailfs.imap.OfflineUntilConnected;
import dev.mailfs.mail.MailSource;
import dev.mailfs.mail.ServerTraits;
import dev.mailfs.mime.MessageContents;
import dev.mailfs.vfs.MailFilesystem;
import dev.mailfs.vfs.WriteSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import sun.misc.Signal;

/** Logs in, mounts, says so, and serves until unmounted; shared by {@code mount} and {@code demo}. */
final class MountSession {
    private static final Logger LOG = Logger.getLogger(MountSession.class.getName());
    /** How long the first stat of the mount root (which lists the folders) may take. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private MountSession() {
    }

    /**
     * @param writes         what changes may be made; files copied in wait in a private directory
     *                       made in its incoming directory for this mount, and deleted when it ends
     *                       (made here, so that no command that fails before mounting leaves one)
     * @param diskCacheBytes the cap of the disk store for message bodies; 0 for none
     * @param watchedFolder the folder the server tells of changes as they happen (IDLE); the others are checked when used
     */
    static int run(ImapSettings settings, Secret secret, Path mountPoint, WriteSettings writes, long diskCacheBytes,
                   String watchedFolder, PrintStream out) {
        Path incoming;
        try {
            incoming = IncomingDirectory.create(writes.incomingDirectory());
        } catch (IOException e) {
            throw new MailfsException.NoSpace("cannot make a private directory in " + writes.incomingDirectory()
                    + " for files copied into the mount (" + e.getMessage() + ")");
        }
        try {
            return serve(settings, secret, mountPoint, writes.withIncomingDirectory(incoming), diskCacheBytes, watchedFolder, out);
        } finally {
            IncomingDirectory.delete(incoming); // it holds mail: nothing may stay
        }
    }

    private static int serve(ImapSettings settings, Secret secret, Path mountPoint, WriteSettings writes, long diskCacheBytes,
                             String watchedFolder, PrintStream out) {
        CacheSettings caches = CacheSettings.defaults();
        Optional<DiskBodyStore> disk = diskStore(settings, caches, diskCacheBytes, System.getenv());
        MailSource server = connectOrGoOffline(disk.map(store -> settings.withDownloadCounts(store.downloadCounts())).orElse(settings),
                secret, disk);
        try (CachedMailSource mail = new CachedMailSource(server, caches, disk);
             // Large parts are decoded into the disk store, else into a temporary one deleted at unmount.
             MessageContents contents = disk.map(store -> new MessageContents(mail, caches.partCacheBytes(), store))
                     .orElseGet(() -> new MessageContents(mail, caches.partCacheBytes()));
             MailFilesystem fs = new MailFilesystem(mail, contents, ZoneId.systemDefault(), Instant.now(), writes,
                     disk.map(SearchStore::beside))) {
            mail.watchForChanges(watchedFolder);
            FuseMount mount = FuseMount.mount(fs, mountPoint, settings.user() + "@" + settings.host(), READY_TIMEOUT);
            // Replacing the JVM's own handlers turns SIGINT/SIGTERM into a clean unmount and exit 0.
            Signal.handle(new Signal("INT"), signal -> mount.unmount());
            Signal.handle(new Signal("TERM"), signal -> mount.unmount());
            out.println("mailfs: " + settings.describe() + " mounted at " + mount.mountPoint()
                    + " (Ctrl-C or fusermount -u " + mount.mountPoint() + " to unmount)");
            out.flush();
            SystemdNotify.ready("mounted " + settings.describe() + " at " + mount.mountPoint());
            mount.awaitUnmounted();
            SystemdNotify.stopping();
            return ExitCodes.OK;
        }
    }

    /**
     * Logs in. When the server cannot be reached and the disk store holds the folder list of an
     * earlier mount, the mount is made offline from what the store holds, and goes online by itself
     * once the server answers ({@link OfflineUntilConnected}); without a store there is nothing to
     * show, and the failure ends the mount.
     */
    private static MailSource connectOrGoOffline(ImapSettings settings, Secret secret, Optional<DiskBodyStore> disk) {
        try {
            return ImapMailSource.connect(settings, secret);
        } catch (MailfsException.Unavailable unreachable) {
            Optional<ServerTraits> traits = disk.flatMap(CachedMailSource::traitsKeptIn);
            if (traits.isEmpty()) {
                throw unreachable;
            }
            LOG.warning(unreachable.getMessage() + "; mounting offline from what the disk store holds, online again by itself once the server answers");
            return new OfflineUntilConnected(() -> ImapMailSource.connect(settings, secret),
                    () -> OfflineUntilConnected.takesConnections(settings.host(), settings.port()), traits.get(), unreachable.getMessage());
        }
    }

    /**
     * The account's store under {@code $XDG_CACHE_HOME/mailfs}; none when turned off, or (with a
     * warning) when the disk cannot hold one. A store other users could read is refused.
     */
    static Optional<DiskBodyStore> diskStore(ImapSettings settings, CacheSettings caches, long maxBytes, Map<String, String> environment) {
        if (maxBytes == 0) {
            return Optional.empty();
        }
        try {
            return DiskBodyStore.openIfPossible(DiskBodyStore.defaultRoot(environment), settings.describe(), caches.chunkBytes(), maxBytes);
        } catch (DiskBodyStore.NotPrivateException e) {
            throw new MountFailedException(e.getMessage() + ", or mount with --cache-size 0");
        }
    }
}
