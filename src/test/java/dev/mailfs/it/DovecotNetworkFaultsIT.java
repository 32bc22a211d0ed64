package dev.mailfs.it;

import dev.mailfs.testing.DovecotServer;
import java.nio.file.Path;

/** Network faults between mailfs and a real Dovecot. */
class DovecotNetworkFaultsIT extends NetworkFaultsContract {
    private DovecotServer dovecot;

    @Override
    ImapAccount startServer(Path workDir) throws Exception {
        DovecotServer.assumeAvailable();
        dovecot = DovecotServer.start(workDir);
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
    int messages() {
        return 500;
    }

    @Override
    void stopServer() {
        if (dovecot != null) {
            dovecot.close();
        }
    }
}
