package io.github.camelicsoc.records;

import io.github.camelicsoc.client.IcsocClient;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.StateRepository;

/**
 * What the records consumer needs of the endpoint that creates it. The endpoint depends on this package, not the
 * other way round: the consumer sees its options as {@link RecordsSettings}, never the component's configuration.
 */
public interface RecordsEndpoint extends Endpoint {

    /** The options of this consumer, read from the endpoint's configuration. */
    RecordsSettings recordsSettings();

    /** The call outcome options, with the component's placements store. */
    OutcomeSettings outcomeSettings();

    /** The client for the endpoint's settings; available while the endpoint is started. */
    IcsocClient getClient();

    /** Where delivered keys are kept: the configured repository or the endpoint's default. */
    IdempotentRepository idempotentRepository();

    /** Where the watermark is kept: the configured repository or the endpoint's default. */
    StateRepository<String, String> stateRepository();
}
