package io.github.camelicsoc.support;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.KameletMain;
import org.apache.camel.main.MainListenerSupport;

/**
 * Starts Camel JBang's engine (KameletMain) as {@code camel run <route> <properties> --dep=<gav> --repos=<url>} sets it
 * up: the dependency is downloaded through the given Maven repository and added to the engine's class loader, the
 * properties file feeds the placeholders and the component options. Run in a JVM of its own by JBangEngineTest, with
 * the component's classes left off its class path, so that the component can only come from the dependency. Prints
 * which jar the icsoc component was loaded from, then runs until the process is ended.
 * <p>
 * Arguments: the route file, the properties file, the dependency (group:artifact:version), the repository URL and the
 * HTTP server's port.
 */
public final class CamelRunLauncher {

    /** The line the launcher prints once routes run: where the icsoc component's classes came from. */
    public static final String LOADED_FROM = "icsoc component loaded from: ";

    private CamelRunLauncher() {
    }

    public static void main(String[] args) throws Exception {
        KameletMain main = new KameletMain("camel.jbang");
        main.setDownload(true);
        main.setFresh(true);
        main.setRepositories(args[3]);
        main.addInitialProperty("camel.jbang.dependencies", args[2]);
        main.addInitialProperty("camel.main.routesIncludePattern", "file:" + args[0]);
        main.setPropertyPlaceholderLocations("file:" + args[1]);
        main.addOverrideProperty("camel.server.port", args[4]);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport started) {
                CamelContext camel = started.getCamelContext();
                Class<?> component = camel.getComponent("icsoc").getClass();
                System.out.println(LOADED_FROM + component.getProtectionDomain().getCodeSource().getLocation());
                System.out.flush();
            }
        });
        main.run();
    }
}
