package io.github.camelicsoc.client;

import java.io.IOException;
import java.util.function.IntPredicate;

import io.github.camelicsoc.client.RecordReader.RawEntryVisitor;

/**
 * The entries of one records answer's {@code data}, found by an {@link AnswerScanner}, each captured alone and handed
 * to the visitor as a {@link RawEntry}: only the entries the predicate wants are captured, the others are passed over.
 */
final class DataEntries {

    private final AnswerScanner scan;
    private final IntPredicate wanted;
    private final RawEntryVisitor visitor;
    // one buffer for every entry of the answer, as large as the largest (at most a record's bound)
    private final ValueBytes capture = new ValueBytes(RawEntry.MAX_RECORD_BYTES);

    DataEntries(AnswerScanner scan, IntPredicate wanted, RawEntryVisitor visitor) {
        this.scan = scan;
        this.wanted = wanted;
        this.visitor = visitor;
    }

    /** Reads {@code data}, the scanner on its value; false when the visitor stopped. */
    boolean data() throws IOException {
        int c = scan.skipWhiteSpace();
        if (c == '[') {
            scan.consume();
            if (scan.skipWhiteSpace() == ']') {
                scan.consume();
                return true;
            }
            for (int index = 0; ; index++) {
                if (!entry(index)) {
                    return false;
                }
                if (scan.skipWhiteSpace() == ']') {
                    scan.consume();
                    return true;
                }
                scan.expect(',');
            }
        }
        if (c == '{') {
            return objectData();
        }
        scan.startCapture(capture);
        scan.skipValue();
        scan.endCapture();
        if (is("null") || is("\"\"")) {
            return true;
        }
        return !wanted.test(0) || visitor.visit(0, RawEntry.of(capture));
    }

    /**
     * {@code data} as an object: either PHP's rendering of an array with gaps ({@code {"0": {...}, "3": {...}}}),
     * read entry by entry, or a single record (the vendor's 800 sample returns one record so). Which of the two
     * is told by the first value, not by the keys: a record's fields are plain values, an entry of a keyed array
     * is an object, whatever its key ({@code "-1"}, {@code ""}, 19 digits).
     */
    private boolean objectData() throws IOException {
        boolean keep = wanted.test(0);
        if (keep) {
            // it may be a single record: keep it from its brace
            scan.startCapture(capture);
        }
        scan.consume();
        if (scan.skipWhiteSpace() == '}') {
            // {}: what an empty PHP array becomes in some encoders
            scan.consume();
            scan.dropCapture();
            return true;
        }
        AnswerScanner.Name first = scan.name();
        if (scan.skipWhiteSpace() != '{' && !first.index()) {
            scan.skipValue();
            scan.skipContainer(1);
            if (!keep) {
                return true;
            }
            return visitor.visit(0, RawEntry.of(scan.endCapture()));
        }
        scan.dropCapture();
        for (int index = 0; ; index++) {
            if (!entry(index)) {
                return false;
            }
            if (scan.skipWhiteSpace() == '}') {
                scan.consume();
                return true;
            }
            scan.expect(',');
            scan.name();
        }
    }

    private boolean entry(int index) throws IOException {
        if (!wanted.test(index)) {
            scan.skipValue();
            return true;
        }
        scan.skipWhiteSpace();
        scan.startCapture(capture);
        scan.skipValue();
        return visitor.visit(index, RawEntry.of(scan.endCapture()));
    }

    private boolean is(String literal) {
        return capture.whole() && capture.length() == literal.length()
               && capture.text(literal.length()).equals(literal);
    }
}
