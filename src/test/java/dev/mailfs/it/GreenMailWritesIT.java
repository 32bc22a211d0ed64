package dev.mailfs.it;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.file.Path;

/** The writes contract on GreenMail. */
class GreenMailWritesIT extends WritesContract {
    private GreenMail greenMail;

    @Override
    ImapAccount startServer(Path workDir) throws Exception {
        greenMail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
        greenMail.start();
        greenMail.setUser(user() + "@localhost", user(), password());
        return ImapAccount.plain(plainPort(), user(), password());
    }

    @Override
    int plainPort() {
        return greenMail.getImap().getPort();
    }

    @Override
    String user() {
        return "bob";
    }

    @Override
    String password() {
        return "writes-Pa55";
    }

    @Override
    void stopServer() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }
}
