package dev.mailfs.credentials;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.Keyring;
import com.github.javakeyring.PasswordAccessException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The desktop's keyring (Secret Service / GNOME Keyring, KWallet, macOS Keychain) through
 * java-keyring. Every call has a deadline: a session bus without a secret service can leave
 * java-keyring waiting, and its D-Bus threads keep a JVM alive (the CLI exits explicitly).
 */
public final class SystemKeyring {
    public static final String SERVICE = "mailfs";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Duration timeout;

    public SystemKeyring(Duration timeout) {
        this.timeout = timeout;
    }

    /** The stored password, or empty when none is stored; throws when there is no keyring at all. */
    public Optional<char[]> read(String account) {
        return lookUp(account, "read the password of " + account + " from the keyring");
    }

    /**
     * Throws, saying that the password cannot be stored, when there is no keyring to store it in:
     * for {@code login}, before a password is typed for nothing.
     */
    public void checkCanStore(String account) {
        lookUp(account, "store the password of " + account + " in the keyring");
    }

    private Optional<char[]> lookUp(String account, String what) {
        return call(what, () -> {
            try (Keyring keyring = Keyring.create()) {
                String password = keyring.getPassword(SERVICE, account);
                return password == null || password.isEmpty() ? Optional.empty() : Optional.of(password.toCharArray());
            } catch (PasswordAccessException e) {
                return Optional.empty();
            }
        });
    }

    public void store(String account, char[] password) {
        call("store the password of " + account + " in the keyring", () -> {
            try (Keyring keyring = Keyring.create()) {
                keyring.setPassword(SERVICE, account, new String(password));
                return null;
            }
        });
    }

    /** Removes the stored password; true when there was one. */
    public boolean delete(String account) {
        return call("remove the password of " + account + " from the keyring", () -> {
            try (Keyring keyring = Keyring.create()) {
                keyring.deletePassword(SERVICE, account);
                return true;
            } catch (PasswordAccessException e) {
                return false;
            }
        });
    }

    /** @param what what is being done, for the message when it cannot be: "store the password of work in the keyring" */
    private <T> T call(String what, Callable<T> action) {
        ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "keyring");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<T> result = thread.submit(action);
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new CredentialException("cannot " + what + ": it did not answer within " + timeout.toSeconds()
                    + " s (is a secret service running?)");
        } catch (ExecutionException e) {
            throw new CredentialException("cannot " + what + ": " + describe(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CredentialException("interrupted while using the keyring");
        } finally {
            thread.shutdownNow();
        }
    }

    private static String describe(Throwable failure) {
        if (failure instanceof BackendNotSupportedException) {
            return "no keyring is available here (no D-Bus session with a secret service, no KWallet)";
        }
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }
}
