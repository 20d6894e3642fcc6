package io.github.camelicsoc;

/**
 * Normalizes phone numbers and finds the ones that cannot be a phone number at all. The checks are deliberately
 * loose: short service numbers (10086, 95555), landlines with area codes and 400/800 numbers all pass, and anything
 * the platform might accept is left for the platform to judge.
 */
final class PhoneNumbers {

    /** More digits than any dialable number (E.164 allows 15; extensions add a few). */
    static final int MAX_DIGITS = 20;

    private PhoneNumbers() {
    }

    /** Drops spaces and dashes, then a {@code +86} or {@code 0086} country prefix. */
    static String normalize(String number) {
        StringBuilder sb = new StringBuilder(number.length());
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c != '-' && !Character.isSpaceChar(c)) {
                sb.append(c);
            }
        }
        String compact = sb.toString();
        if (compact.startsWith("+86")) {
            return compact.substring(3);
        }
        if (compact.startsWith("0086")) {
            return compact.substring(4);
        }
        return compact;
    }

    /** Why a normalized number cannot be a phone number, or null when it may be one. */
    static String problem(String normalized) {
        if (normalized.isEmpty()) {
            return "is empty once spaces, dashes and the country prefix are removed";
        }
        int digits = 0;
        for (int i = 0; i < normalized.length(); i++) {
            char c = normalized.charAt(i);
            if (Character.isISOControl(c)) {
                return "contains a control character (line breaks and tabs are not allowed)";
            }
            if (Character.isLetter(c)) {
                return "contains a letter";
            }
            if (Character.isDigit(c)) {
                digits++;
            }
        }
        if (digits > MAX_DIGITS) {
            return "has " + digits + " digits, more than the " + MAX_DIGITS + " any phone number has";
        }
        return null;
    }
}
