package io.github.camelicsoc;

/**
 * An option of the icsoc component or of one of its endpoints cannot work. Thrown when the endpoint is created (Camel
 * wraps it in a ResolveEndpointFailedException naming the URI), or when the component is configured, before anything
 * is sent. The message always says, in this order, which option, what is wrong with it and what to do; it never holds
 * the value of a secret.
 */
public class IcsocConfigurationException extends IllegalArgumentException {

    private final String option;

    /**
     * @param option   the option (or options, as {@code vccCode and secret}) as the URI spells it
     * @param problem  what is wrong, without the value when it may be a secret
     * @param whatToDo what the user should change
     */
    public IcsocConfigurationException(String option, String problem, String whatToDo) {
        super("icsoc option " + option + ": " + problem + ". What to do: " + whatToDo);
        this.option = option;
    }

    /** The option (or options) the message is about, as the URI spells it. */
    public String getOption() {
        return option;
    }
}
