package io.github.camelicsoc.records;

import org.apache.camel.RuntimeCamelException;

/**
 * The records consumer's store (its watermark and delivered keys) cannot be used: the message says which store, what
 * the database said and what to do. A poll that meets it stops before it delivers anything more.
 */
public class RecordsStoreException extends RuntimeCamelException {

    private static final long serialVersionUID = 1L;

    public RecordsStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
