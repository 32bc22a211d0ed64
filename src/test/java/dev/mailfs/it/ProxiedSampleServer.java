package dev.mailfs.it;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.mailfs.cli.demo.SampleMailbox;

/** GreenMail holding the demo's sample mailbox, reached through a {@link FaultProxy} the test controls. */
final class ProxiedSampleServer implements AutoCloseable {
    /** More mail for the account, beyond the sample mailbox. */
    @FunctionalInterface
    interface Extra {
        void appendTo(ImapAccount account) throws Exception;
    }

    private final GreenMail greenMail;
    private final FaultProxy proxy;

    private ProxiedSampleServer(GreenMail greenMail, FaultProxy proxy) {
        this.greenMail = greenMail;
        this.proxy = proxy;
    }

    static ProxiedSampleServer start(String user, String password, Extra extra) throws Exception {
        GreenMail greenMail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
        greenMail.start();
        greenMail.setUser(user + "@localhost", user, password);
        try (ImapAccount account = ImapAccount.plain(greenMail.getImap().getPort(), user, password)) {
            SampleMailbox.appendTo(account.store());
            extra.appendTo(account);
        }
        return new ProxiedSampleServer(greenMail, new FaultProxy(greenMail.getImap().getPort()));
    }

    FaultProxy proxy() {
        return proxy;
    }

    @Override
    public void close() {
        proxy.close();
        greenMail.stop();
    }
}
