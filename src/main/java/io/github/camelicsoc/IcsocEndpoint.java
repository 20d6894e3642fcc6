package io.github.camelicsoc;

import java.util.Set;

import javax.sql.DataSource;

import io.github.camelicsoc.client.IcsocClient;
import io.github.camelicsoc.jdbc.JdbcIdempotentRepository;
import io.github.camelicsoc.jdbc.JdbcPlacementStore;
import io.github.camelicsoc.jdbc.JdbcStateRepository;
import io.github.camelicsoc.outcome.PlacementStore;
import io.github.camelicsoc.records.CompactIdempotentRepository;
import io.github.camelicsoc.records.OutcomeSettings;
import io.github.camelicsoc.records.RecordsConsumer;
import io.github.camelicsoc.records.RecordsEndpoint;
import io.github.camelicsoc.records.RecordsSettings;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.ScheduledPollEndpoint;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Place two-way calls and ingest call records through the icsoc cloud call-center API.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "icsoc", title = "icsoc", syntax = "icsoc:kind",
             category = { Category.CLOUD, Category.SAAS }, headersClass = IcsocConstants.class)
public class IcsocEndpoint extends ScheduledPollEndpoint implements EndpointServiceLocation, RecordsEndpoint {

    /** The producer kind. */
    public static final String CALL = "call";
    /** The consumer kind. */
    public static final String RECORDS = "records";

    /**
     * What the endpoint does: call places two-way calls (producer only), records ingests call records (consumer
     * only).
     */
    @UriPath(enums = CALL + "," + RECORDS)
    @Metadata(required = true)
    private String kind;

    @UriParam
    private IcsocConfiguration configuration;

    /** The default delay between record polls, in milliseconds. */
    static final long DEFAULT_DELAY = 60_000;

    /** Records the default idempotent repository remembers. */
    static final int DEFAULT_REMEMBERED_RECORDS = 100_000;

    /**
     * Keys the default idempotent repository holds: a record's first state takes two (its key and its content's
     * mark), so twice the records it remembers; a newer state takes two more.
     */
    static final int DEFAULT_REMEMBERED_KEYS = 2 * DEFAULT_REMEMBERED_RECORDS;

    private IcsocClient client;
    // the defaults live as long as the endpoint, so a route that is stopped and started again keeps its watermark
    private IdempotentRepository defaultIdempotentRepository;
    private StateRepository<String, String> defaultStateRepository;

    public IcsocEndpoint(String uri, IcsocComponent component, String kind, IcsocConfiguration configuration) {
        super(uri, component);
        this.kind = kind;
        this.configuration = configuration;
        // a call-center API, not a local queue: poll once a minute unless told otherwise
        setDelay(DEFAULT_DELAY);
    }

    @Override
    public IcsocComponent getComponent() {
        return (IcsocComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() throws Exception {
        if (!CALL.equals(kind)) {
            throw new UnsupportedOperationException(
                    "icsoc:" + kind + " cannot send messages; place calls with icsoc:call");
        }
        return new CallProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (!RECORDS.equals(kind)) {
            throw new UnsupportedOperationException(
                    "icsoc:" + kind + " cannot consume; icsoc:call is a producer only, use icsoc:records to ingest records");
        }
        RecordsConsumer consumer = new RecordsConsumer(this, processor);
        consumer.setMaxMessagesPerPoll(configuration.getMaxMessagesPerPoll());
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        IcsocComponent component = getComponent();
        // the shared client outlives component restarts and heals itself; the deadlines are the running component's
        client = new IcsocClient(component.sharedHttpClient(configuration), component::callDeadlines,
                configuration.getBaseUrl(),
                configuration.getVccCode(), configuration.getSecret(), configuration.getConnectTimeout(),
                configuration.getRequestTimeout());
    }

    @Override
    protected void doStop() throws Exception {
        client = null;
        super.doStop();
    }

    @Override
    protected void doShutdown() throws Exception {
        ServiceHelper.stopAndShutdownServices(defaultIdempotentRepository, defaultStateRepository);
        super.doShutdown();
    }

    public String getKind() {
        return kind;
    }

    /**
     * What the endpoint does: call places two-way calls (producer only), records ingests call records (consumer
     * only).
     */
    public void setKind(String kind) {
        this.kind = kind;
    }

    public IcsocConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(IcsocConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public RecordsSettings recordsSettings() {
        IcsocConfiguration o = configuration;
        // the defaults: recordsStore=jdbc fills in what the two repository options leave empty, else memory does
        boolean inMemory = !jdbcRecordsStore();
        String storeOptions = o.getIdempotentRepository() != null || o.getStateRepository() != null
                ? "the idempotentRepository and stateRepository options" : "recordsStore=" + o.getRecordsStore();
        return new RecordsSettings(o.getType(), o.getVccCode(), o.getStartTime(), o.getLookback(), o.getSettle(),
                o.getMaxWindow(), o.getRereadSchedule(), o.getMaxRecordsDownload(), o.getSpoolDirectory(), o.isRecordFirstStateOnly(),
                o.isBatch(), o.isRecordsStoreRequiredAtStart(), storeOptions,
                inMemory && o.getStateRepository() == null, inMemory && o.getIdempotentRepository() == null,
                o.getMarkBatchSize(), o::healthMaxLag);
    }

    @Override
    public OutcomeSettings outcomeSettings() {
        return new OutcomeSettings(placementStore(), configuration.isOutcomes(), configuration.getOutcomeTimeout(),
                configuration.getPlacementExpiry());
    }

    /** The configured idempotent repository, or the endpoint's bounded in-memory one. */
    @Override
    public synchronized IdempotentRepository idempotentRepository() {
        if (configuration.getIdempotentRepository() != null) {
            return configuration.getIdempotentRepository();
        }
        if (defaultIdempotentRepository == null) {
            defaultIdempotentRepository = jdbcRecordsStore()
                    ? new JdbcIdempotentRepository(recordsDataSource(), "icsoc:" + configuration.getVccCode())
                    : new CompactIdempotentRepository(DEFAULT_REMEMBERED_KEYS);
        }
        return defaultIdempotentRepository;
    }

    /** The configured state repository, or the endpoint's in-memory one. */
    @Override
    public synchronized StateRepository<String, String> stateRepository() {
        if (configuration.getStateRepository() != null) {
            return configuration.getStateRepository();
        }
        if (defaultStateRepository == null) {
            defaultStateRepository = jdbcRecordsStore()
                    ? new JdbcStateRepository(recordsDataSource()) : new MemoryStateRepository();
        }
        return defaultStateRepository;
    }

    public boolean jdbcRecordsStore() {
        return IcsocConfiguration.RECORDS_STORE_JDBC.equals(configuration.getRecordsStore());
    }

    /** The database of recordsStore=jdbc: the dataSource option, or the registry's only DataSource. */
    DataSource recordsDataSource() {
        if (configuration.getDataSource() != null) {
            return configuration.getDataSource();
        }
        Set<DataSource> found = getCamelContext().getRegistry().findByType(DataSource.class);
        if (found.size() == 1) {
            return found.iterator().next();
        }
        throw new IcsocConfigurationException("dataSource",
                "recordsStore=jdbc needs a database, and " + (found.isEmpty() ? "no DataSource is in the registry"
                        : found.size() + " DataSources are in the registry"),
                "set dataSource to the DataSource bean to use: dataSource=#myDataSource in the URI, or"
                                                                             + " camel.component.icsoc.data-source=#myDataSource");
    }

    /**
     * The placements store of this endpoint: the placementStore option, else the default for the records store, which
     * producers and consumers share (a call placed by one route is matched by another's records): with
     * recordsStore=jdbc a table in the records database, one store per database and component, so that a call placed
     * on one node is matched on another and after a restart; else the CamelContext's one in memory.
     */
    public PlacementStore placementStore() {
        if (configuration.getPlacementStore() != null) {
            return configuration.getPlacementStore();
        }
        if (jdbcRecordsStore()) {
            // one per database, shared by every node using it
            DataSource database = recordsDataSource();
            // started on its first use, off the route's thread (see JdbcPlacementStore)
            return getComponent().placementStore(database, () -> new JdbcPlacementStore(database));
        }
        return getComponent().memoryPlacementStore(configuration.getMaxPlacements());
    }

    /** The client for this endpoint's settings; available while the endpoint is started. */
    @Override
    public IcsocClient getClient() {
        if (client == null) {
            throw new IllegalStateException("icsoc endpoint " + this + " is not started");
        }
        return client;
    }

    @Override
    public String getServiceUrl() {
        return configuration.getBaseUrl();
    }

    @Override
    public String getServiceProtocol() {
        String url = configuration.getBaseUrl();
        return url != null && url.regionMatches(true, 0, "https:", 0, 6) ? "https" : "http";
    }
}
