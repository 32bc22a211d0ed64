package dev.mailfs.imap;

import dev.mailfs.mail.Quota;
import jakarta.mail.MessagingException;
import java.util.Optional;
import org.eclipse.angus.mail.imap.IMAPStore;

/** The STORAGE resource of INBOX's quota roots (GETQUOTAROOT INBOX, RFC 9208), counted in units of 1024 bytes. */
final class StorageQuota {
    private StorageQuota() {
    }

    /** Empty when the server has no QUOTA, or no storage limit on INBOX. */
    static Optional<Quota> of(IMAPStore store) throws MessagingException {
        if (!store.hasCapability("QUOTA")) {
            return Optional.empty();
        }
        for (jakarta.mail.Quota root : store.getQuota("INBOX")) {
            for (jakarta.mail.Quota.Resource resource : root.resources) {
                if (resource.name.equalsIgnoreCase("STORAGE") && resource.limit > 0) {
                    return Optional.of(new Quota(resource.usage * 1024, resource.limit * 1024));
                }
            }
        }
        return Optional.empty();
    }
}
