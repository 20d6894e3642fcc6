package io.github.camelicsoc.model;



/**
 * The component refused a request before sending anything, with the result code the platform would have used (or
 * {@link #NO_CODE} for a value the platform has no code for, such as a negative timeout).
 */
public class IcsocValidationException extends IcsocException {

    public IcsocValidationException(IcsocOperation operation, int code, String detail) {
        super(operation, Kind.REFUSED_LOCALLY, code, null,
                code == NO_CODE
                        ? "icsoc " + operation.title() + " refused before sending: " + excerpt(detail)
                        : describe(operation, "refused before sending", code, detail),
                null);
    }
}
