package dev.mailfs.cli;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mailfs.cli.demo.SampleMailbox;
import dev.mailfs.credentials.Secret;
import dev.mailfs.fuse.FuseMount;
import dev.mailfs.imap.ImapSettings;
import dev.mailfs.imap.Security;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
                "Mounts sample mail, served by a small IMAP server it starts on this machine.",
                "The mount is made exactly as 'mount' makes one: try ls and grep -r in another",
                "shell, and Ctrl-C to unmount."})
final class DemoCommand implements Callable<Integer> {
    static final String USER = "demo";

    @Mixin
    MountOptions mountOptions = new MountOptions();

    @Parameters(paramLabel = "MOUNTPOINT", description = "an empty directory (created if missing)")
    Path mountPoint;

    @Override
    public Integer call() throws MessagingException, IOException {
        if (Files.notExists(mountPoint)) {
            Files.createDirectories(mountPoint);
        }
        FuseMount.checkMountPoint(mountPoint);
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        server.start();
        try {
            server.setUser(USER + "@localhost", USER, password);
            int port = server.getImap().getPort();
            fill(port, password);
            // GreenMail reports wrong sizes (RFC822.SIZE): measured from the start, without the warning meant for a user's server.
            ImapSettings settings = mountOptions.applyVerbosity(
                    ImapSettings.of("127.0.0.1", port, USER, Security.NONE, Optional.empty()).withSizesMeasured());
            // No disk store unless asked for: this server and its mail are gone when the demo ends.
            return MountSession.run(settings, Secret.password(password.toCharArray(), "the demo"), mountPoint, mountOptions.toSettings(),
                    mountOptions.diskCacheBytes(Optional.empty(), 0), mountOptions.watchedFolder(Optional.empty()), System.out);
        } finally {
            server.stop();
        }
    }

    private static void fill(int port, String password) throws MessagingException {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", port, USER, password);
        try {
            SampleMailbox.appendTo(store);
        } finally {
            store.close();
        }
    }
}
