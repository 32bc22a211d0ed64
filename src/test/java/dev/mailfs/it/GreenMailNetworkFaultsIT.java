package dev.mailfs.it;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.file.Path;

/** Network faults between mailfs and GreenMail. */
class GreenMailNetworkFaultsIT extends NetworkFaultsContract {
    private static final String USER = "alice";
    private static final String PASSWORD = "cut-Wires-4";
    private GreenMail greenMail;

    @Override
    ImapAccount startServer(Path workDir) throws Exception {
        greenMail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
        greenMail.start();
        greenMail.setUser(USER + "@localhost", USER, PASSWORD);
        return ImapAccount.plain(greenMail.getImap().getPort(), USER, PASSWORD);
    }

    @Override
    int plainPort() {
        return greenMail.getImap().getPort();
    }

    @Override
    String user() {
        return USER;
    }

    @Override
    String password() {
        return PASSWORD;
    }

    /** GreenMail appends in quadratic time: 500 took 70 s, 150 took 20 s. */
    @Override
    int messages() {
        return 100;
    }

    @Override
    void stopServer() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }
}
