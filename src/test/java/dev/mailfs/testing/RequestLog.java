package dev.mailfs.testing;

import dev.mailfs.testing.MailRequest.Change;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What {@link InMemoryMailSource} was asked and which changes it made, and the rules by which a
 * test makes requests fail. Guarded by the source's monitor.
 */
final class RequestLog {
    /** Fails the next {@code times} requests that {@code which} accepts. */
    private static final class Failure {
        final Predicate<MailRequest> which;
        final Supplier<RuntimeException> failure;
        int times;

        Failure(Predicate<MailRequest> which, Supplier<RuntimeException> failure, int times) {
            this.which = which;
            this.failure = failure;
            this.times = times;
        }
    }

    private final List<MailRequest> requests = new ArrayList<>();
    private final List<Change> changes = new ArrayList<>();
    private final List<Failure> failures = new ArrayList<>();

    /** Records a request, then fails it when a rule says so. */
    void asked(MailRequest request) {
        requests.add(request);
        for (Iterator<Failure> rules = failures.iterator(); rules.hasNext(); ) {
            Failure rule = rules.next();
            if (rule.which.test(request)) {
                if (--rule.times == 0) {
                    rules.remove();
                }
                throw rule.failure.get();
            }
        }
    }

    void made(Change change) {
        changes.add(change);
    }

    void fail(int times, Predicate<MailRequest> which, Supplier<RuntimeException> failure) {
        failures.add(new Failure(which, failure, times));
    }

    void recover() {
        failures.clear();
    }

    List<MailRequest> requests() {
        return List.copyOf(requests);
    }

    <T extends MailRequest> List<T> requests(Class<T> kind) {
        return requests.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    int count(MailRequest request) {
        return (int) requests.stream().filter(request::equals).count();
    }

    List<Change> changes() {
        return List.copyOf(changes);
    }
}
