import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Runs one file of routes-examples/ in Camel Main with routes-examples/application.properties, in a JVM whose class
 * path ExampleDependenciesTest assembles from the file's "Needs:" line alone (run as a single source file, so that
 * none of the project's test classes are on it). Mode "start": exits 0 once every route started. Mode "exchange":
 * exits 0 once an exchange completed without failure, 1 when one failed.
 * <p>
 * Arguments: the route file, the mode, then name=value properties that override application.properties.
 */
public class ExampleRun {

    public static void main(String[] args) throws Exception {
        String file = args[0];
        boolean exchange = "exchange".equals(args[1]);
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:routes-examples/application.properties");
        main.addInitialProperty("camel.main.routesIncludePattern", "file:" + file);
        main.addInitialProperty("camel.main.durationMaxSeconds", "90");
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            main.addOverrideProperty(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport configured) {
                CamelContext camel = configured.getCamelContext();
                camel.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
                    @Override
                    public void notify(CamelEvent event) {
                        if (!exchange || !(event instanceof CamelEvent.ExchangeEvent e)) {
                            return;
                        }
                        if (!(event instanceof CamelEvent.ExchangeCompletedEvent
                              || event instanceof CamelEvent.ExchangeFailedEvent)) {
                            // redelivery attempts and failure handling on the way: only the outcome counts
                            return;
                        }
                        Exchange done = e.getExchange();
                        if (event instanceof CamelEvent.ExchangeFailedEvent || done.isFailed()) {
                            System.out.println("FAILED " + done.getException());
                            if (done.getException() != null) {
                                done.getException().printStackTrace(System.out);
                            }
                            System.out.flush();
                            Runtime.getRuntime().halt(1);
                        } else if (event instanceof CamelEvent.ExchangeCompletedEvent) {
                            System.out.println("DONE " + done.getFromRouteId());
                            System.out.flush();
                            Runtime.getRuntime().halt(0);
                        }
                    }
                });
            }

            @Override
            public void afterStart(BaseMainSupport started) {
                System.out.println("STARTED " + started.getCamelContext().getRoutes().size() + " routes");
                System.out.flush();
                if (!exchange) {
                    Runtime.getRuntime().halt(0);
                }
            }
        });
        try {
            main.run();
        } catch (Throwable e) {
            e.printStackTrace(System.out);
        }
        System.out.println("ENDED without the outcome asked for");
        System.out.flush();
        Runtime.getRuntime().halt(1);
    }
}
