package io.github.camelicsoc;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.model.IcsocOperation;
import io.github.camelicsoc.model.IcsocValidationException;

/**
 * The one check of a call's phone numbers: what may be given, how it is normalized, and what cannot be a phone number.
 * The checks are deliberately loose about the number itself: short service numbers (10086, 95555), landlines with
 * area codes and 400/800 numbers all pass, and the platform judges whether a number exists. What never reaches the
 * platform: text with no digit, letters, characters no phone number has, invisible formatting characters, and
 * values that are not text or a whole number.
 */
final class PhoneNumbers {

    /** More digits than any dialable number (E.164 allows 15; extensions add a few). */
    static final int MAX_DIGITS = 20;
    /** Longer than any number written with spaces and dashes; longer text is not read at all. */
    static final int MAX_LENGTH = 100;
    /** Characters a phone number may hold beside digits; left for the platform to judge. */
    private static final String PUNCTUATION = "+()*#.";
    private static final char FULL_WIDTH_PLUS = '\uff0b';

    /** The number fields of a call, with the result codes for "empty" and "malformed" the platform uses. */
    enum Field {
        CALLER("caller", 403, 406, true),
        CALLED("called", 404, 407, true),
        DISPLAY_CALLER("displayCaller", 0, 408, false),
        DISPLAY_CALLED("displayCalled", 0, 408, false);

        final String title;
        final int emptyCode;
        final int badCode;
        final boolean required;

        Field(String title, int emptyCode, int badCode, boolean required) {
            this.title = title;
            this.emptyCode = emptyCode;
            this.badCode = badCode;
            this.required = required;
        }
    }

    private PhoneNumbers() {
    }

    /**
     * The number to send for {@code field}: spaces and dashes dropped, Unicode digits (full-width, Arabic-Indic, ...)
     * and a full-width plus turned into their ASCII form, then a {@code +86} or {@code 0086} prefix removed. Null when
     * an optional field is not given.
     *
     * @throws IcsocValidationException with the field's code, saying what is wrong
     */
    static String check(IcsocOperation operation, Field field, Object value) {
        String text = text(operation, field, value);
        if (text == null || text.isBlank()) {
            if (field.required) {
                throw new IcsocValidationException(operation, field.emptyCode, "no " + field.title + " number was given");
            }
            return null;
        }
        if (text.length() > MAX_LENGTH) {
            throw refused(operation, field, text, "is " + text.length() + " characters long, more than the "
                                                   + MAX_LENGTH + " a phone number is written with");
        }
        StringBuilder ascii = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == '-' || Character.isSpaceChar(c) || Character.getType(c) == Character.DASH_PUNCTUATION) {
                continue;
            }
            if (Character.isDigit(c)) {
                ascii.append((char) ('0' + Character.digit(c, 10)));
            } else if (c == FULL_WIDTH_PLUS || c < 0x80 && PUNCTUATION.indexOf(c) >= 0) {
                ascii.append(c == FULL_WIDTH_PLUS ? '+' : (char) c);
            } else {
                throw refused(operation, field, text, problem(c));
            }
        }
        String number = ascii.toString();
        if (number.startsWith("+86")) {
            number = number.substring(3);
        } else if (number.startsWith("0086")) {
            number = number.substring(4);
        }
        if (number.isEmpty()) {
            throw refused(operation, field, text, "is empty once spaces, dashes and the country prefix are removed");
        }
        int digits = 0;
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            }
        }
        if (digits == 0) {
            throw refused(operation, field, text, "has no digit");
        }
        if (digits > MAX_DIGITS) {
            throw refused(operation, field, text,
                    "has " + digits + " digits, more than the " + MAX_DIGITS + " any phone number has");
        }
        return number;
    }

    /** The value as text: text and whole numbers are taken, anything else (a list, a decimal, ...) is refused. */
    private static String text(IcsocOperation operation, Field field, Object value) {
        if (value == null || value instanceof CharSequence) {
            return value == null ? null : value.toString();
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof BigInteger) {
            if (value.toString().startsWith("-")) {
                throw refused(operation, field, value.toString(), "is a negative number");
            }
            return value.toString();
        }
        if (value instanceof byte[] bytes) {
            // e.g. a header that came over Kafka; read only as much as a number can be
            if (bytes.length > MAX_LENGTH * 4) {
                throw refused(operation, field, "", "is " + bytes.length + " bytes long, more than a phone number");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
        throw new IcsocValidationException(operation, field.badCode, field.title + " is a "
                                                                     + value.getClass().getSimpleName()
                                                                     + ", not a phone number: give one number as text");
    }

    private static String problem(int c) {
        if (Character.isISOControl(c)) {
            return "contains a control character (line breaks and tabs are not allowed)";
        }
        if (Character.isLetter(c)) {
            return "contains a letter";
        }
        if (Character.isSurrogate((char) c) && c <= 0xFFFF) {
            return "contains a broken character (a lone UTF-16 surrogate)";
        }
        if (Character.getType(c) == Character.FORMAT) {
            return String.format("contains an invisible formatting character (U+%04X: zero-width or text direction)", c);
        }
        if (c > 0xFFFF) {
            return String.format("contains U+%X, a character outside the basic plane (an emoji or a rare symbol)", c);
        }
        return String.format("contains '%c', which no phone number has", (char) c);
    }

    private static IcsocValidationException refused(IcsocOperation operation, Field field, String text, String problem) {
        return new IcsocValidationException(operation, field.badCode,
                field.title + " '" + IcsocException.excerpt(text) + "' " + problem);
    }
}
