package dev.mailfs.imap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.iap.Response;

/** IMAP's UID sets ("4:7,9"), written short, and read back from COPYUID (RFC 4315). */
final class UidSet {
    private static final Pattern COPYUID = Pattern.compile("\\[COPYUID \\d+ ([\\d:,]+) ([\\d:,]+)\\]", Pattern.CASE_INSENSITIVE);

    private UidSet() {
    }

    /** The UIDs as a set with runs written as ranges, in ascending order. */
    static String of(List<Long> uids) {
        long[] sorted = uids.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
        StringBuilder set = new StringBuilder();
        for (int i = 0; i < sorted.length; ) {
            int end = i;
            while (end + 1 < sorted.length && sorted[end + 1] == sorted[end] + 1) {
                end++;
            }
            if (set.length() > 0) {
                set.append(',');
            }
            set.append(sorted[i]);
            if (end > i) {
                set.append(':').append(sorted[end]);
            }
            i = end + 1;
        }
        return set.toString();
    }

    /** Every UID of a set, in the order written (a range in either direction counts up, as RFC 4315's sets are ordered). */
    static List<Long> expand(String set) {
        List<Long> uids = new ArrayList<>();
        for (String part : set.split(",")) {
            int colon = part.indexOf(':');
            if (colon < 0) {
                uids.add(Long.parseLong(part));
            } else {
                long a = Long.parseLong(part.substring(0, colon));
                long b = Long.parseLong(part.substring(colon + 1));
                for (long uid = Math.min(a, b); uid <= Math.max(a, b); uid++) {
                    uids.add(uid);
                }
            }
        }
        return uids;
    }

    /** Source UID to new UID, from every COPYUID in the answers; empty when there is none or it does not pair up. */
    static Map<Long, Long> copyUids(Response[] responses) {
        Map<Long, Long> newUids = new HashMap<>();
        for (Response response : responses) {
            Matcher copyUid = COPYUID.matcher(response.toString());
            while (copyUid.find()) {
                List<Long> from = expand(copyUid.group(1));
                List<Long> to = expand(copyUid.group(2));
                if (from.size() != to.size()) {
                    return Map.of();
                }
                for (int i = 0; i < from.size(); i++) {
                    newUids.put(from.get(i), to.get(i));
                }
            }
        }
        return newUids;
    }
}
