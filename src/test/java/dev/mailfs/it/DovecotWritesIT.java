package dev.mailfs.it;

import dev.mailfs.testing.DovecotServer;
import java.nio.file.Files;
import java.nio.file.Path;

/** The writes contract on a real Dovecot (plain port, through the fault proxy). */
class DovecotWritesIT extends WritesContract {
    private DovecotServer dovecot;

    @Override
    ImapAccount startServer(Path workDir) throws Exception {
        DovecotServer.assumeAvailable();
        dovecot = DovecotServer.start(Files.createDirectories(workDir.resolve("dovecot")));
        return ImapAccount.tls(dovecot.host(), dovecot.port(), dovecot.user(), dovecot.password(), dovecot.certificatePem());
    }

    @Override
    int plainPort() {
        return dovecot.plainPort();
    }

    @Override
    String user() {
        return dovecot.user();
    }

    @Override
    String password() {
        return dovecot.password();
    }

    @Override
    void stopServer() {
        if (dovecot != null) {
            dovecot.close();
        }
    }
}
