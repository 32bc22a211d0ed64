package dev.mailfs.imap;

import jakarta.mail.internet.MailDateFormat;
import java.text.ParseException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * A Date: field's instant. The form nearly every mailer writes ("Tue, 3 Mar 2026 14:05:09 +0100",
 * a comment after it allowed) is read here directly; anything else goes to Angus's MailDateFormat,
 * which is lenient about the rest and costs about ten times as much: a listing reads every message's.
 */
final class DateField {
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";
    private static final String DAYS = "MonTueWedThuFriSatSun";
    /** Making a MailDateFormat costs more than parsing with it, and one is not thread-safe. */
    private static final ThreadLocal<MailDateFormat> DATE_FORMAT = ThreadLocal.withInitial(MailDateFormat::new);

    private DateField() {
    }

    static Optional<Instant> parse(String date) {
        if (date == null || date.isEmpty()) {
            return Optional.empty();
        }
        Instant common = commonForm(date);
        if (common != null) {
            return Optional.of(common);
        }
        try {
            return Optional.of(DATE_FORMAT.get().parse(date).toInstant());
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** "[Www, ]D Mmm YYYY HH:MM[:SS] ±HHMM[ (comment)]" with every field in range, else null. */
    static Instant commonForm(String s) {
        Cursor at = new Cursor(s);
        if (s.length() > 4 && s.charAt(3) == ',' && at.name(DAYS) >= 0) {
            at.position = 4;
            at.spaces();
        }
        int day = at.number(1, 2);
        int month = day >= 0 && at.space() ? at.name(MONTHS) : -1;
        if (month < 0) {
            return null;
        }
        int year = at.space() ? at.number(4, 4) : -1;
        int hour = at.space() ? at.number(2, 2) : -1;
        int minute = at.skip(':') ? at.number(2, 2) : -1;
        int second = at.skip(':') ? at.number(2, 2) : 0;
        if (year < 1900 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || !at.space()) {
            return null;
        }
        int sign = at.skip('+') ? 1 : at.skip('-') ? -1 : 0;
        int zone = at.number(4, 4);
        if (sign == 0 || zone < 0 || zone % 100 > 59 || !(at.atEnd() || at.space() && at.skip('('))) {
            return null;
        }
        int monthNumber = month + 1;
        if (day < 1 || day > LocalDate.of(year, monthNumber, 1).lengthOfMonth()) {
            return null;
        }
        long local = LocalDate.of(year, monthNumber, day).toEpochDay() * 86_400 + hour * 3_600L + minute * 60L + second;
        return Instant.ofEpochSecond(local - sign * (zone / 100 * 3_600L + zone % 100 * 60L));
    }

    private static final class Cursor {
        private final String text;
        private int position;

        Cursor(String text) {
            this.text = text;
        }

        int remaining() {
            return text.length() - position;
        }

        /** Which of {@code names} (three letters each) is here, taken; -1 when none. */
        int name(String names) {
            if (remaining() < 3) {
                return -1;
            }
            int found = names.indexOf(text.substring(position, position + 3));
            if (found < 0 || found % 3 != 0) {
                return -1;
            }
            position += 3;
            return found / 3;
        }

        boolean atEnd() {
            return position == text.length();
        }

        boolean skip(char c) {
            if (position < text.length() && text.charAt(position) == c) {
                position++;
                return true;
            }
            return false;
        }

        /** One space or more. */
        boolean space() {
            int start = position;
            spaces();
            return position > start;
        }

        void spaces() {
            while (skip(' ')) {
                // on
            }
        }

        /** A number of {@code min} to {@code max} digits, or -1. */
        int number(int min, int max) {
            int value = 0;
            int digits = 0;
            while (digits < max && position < text.length() && text.charAt(position) >= '0' && text.charAt(position) <= '9') {
                value = value * 10 + text.charAt(position++) - '0';
                digits++;
            }
            return digits >= min && (position == text.length() || !Character.isDigit(text.charAt(position))) ? value : -1;
        }
    }
}
