package dev.mailfs.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.internet.MailDateFormat;
import java.text.ParseException;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DateFieldTest {
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Xyz", ""};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "jan", "Foo"};

    @Test
    void theCommonFormIsReadDirectly() {
        assertEquals(Instant.parse("2026-03-03T13:05:09Z"), DateField.commonForm("Tue, 3 Mar 2026 14:05:09 +0100"));
        assertEquals(Instant.parse("2024-02-29T23:59:00Z"), DateField.commonForm("29 Feb 2024 18:59 -0500"));
        assertEquals(Instant.parse("2024-04-01T10:19:00Z"), DateField.commonForm("Mon, 01 Apr 2024 10:19:00 +0000 (UTC)"));
    }

    @Test
    void anythingElseIsLeftToMailDateFormat() {
        assertNull(DateField.commonForm("31 Feb 2024 10:00:00 +0000")); // MailDateFormat is lenient about it
        assertNull(DateField.commonForm("Mon, 1 Apr 24 10:19:00 GMT"));
        assertNull(DateField.commonForm("Mon, 1 Apr 2024 10:19:00 +0000 extra"));
        assertEquals(Optional.of(Instant.parse("2024-04-01T10:19:00Z")), DateField.parse("Mon, 1 Apr 2024 10:19:00 GMT"));
        assertEquals(Optional.empty(), DateField.parse("yesterday"));
        assertEquals(Optional.empty(), DateField.parse(""));
    }

    /** Wherever the direct reading answers, it answers what MailDateFormat does. */
    @Test
    void theDirectReadingAgreesWithMailDateFormat() {
        SplittableRandom random = new SplittableRandom(42);
        int readDirectly = 0;
        for (int i = 0; i < 200_000; i++) {
            String date = randomDate(random);
            Instant direct = DateField.commonForm(date);
            if (direct != null) {
                readDirectly++;
                assertEquals(mailDateFormat(date), direct, date);
            }
        }
        assertTrue(readDirectly > 50_000, "too few of the random dates were of the common form: " + readDirectly);
    }

    private static Instant mailDateFormat(String date) {
        try {
            return new MailDateFormat().parse(date).toInstant();
        } catch (ParseException e) {
            return null;
        }
    }

    private static String randomDate(SplittableRandom r) {
        String day = DAYS[r.nextInt(DAYS.length)];
        String zone = (r.nextBoolean() ? "+" : "-") + String.format("%02d%02d", r.nextInt(15), r.nextInt(r.nextInt(10) == 0 ? 70 : 60));
        return (day.isEmpty() ? "" : day + "," + " ".repeat(r.nextInt(3)))
                + (r.nextInt(10) == 0 ? r.nextInt(40) : 1 + r.nextInt(31))
                + " ".repeat(1 + r.nextInt(2)) + MONTHS[r.nextInt(MONTHS.length)]
                + " " + (r.nextInt(20) == 0 ? 70 + r.nextInt(30) : 1900 + r.nextInt(200))
                + " " + String.format("%02d:%02d", r.nextInt(r.nextInt(10) == 0 ? 30 : 24), r.nextInt(r.nextInt(10) == 0 ? 70 : 60))
                + (r.nextInt(5) == 0 ? "" : String.format(":%02d", r.nextInt(r.nextInt(10) == 0 ? 70 : 60)))
                + " " + (r.nextInt(20) == 0 ? "GMT" : zone)
                + (r.nextInt(5) == 0 ? " (CET)" : "");
    }
}
