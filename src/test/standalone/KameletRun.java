import java.io.FileReader;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * Binds one Kamelet the way a Pipe does, in a JVM whose class path KameletDependenciesTest assembles from the
 * Kamelet's declared dependencies alone: run as a single source file ({@code java -cp ... KameletRun.java}) so that
 * none of the project's test classes are on that class path. A source is bound to a route that prints the first
 * record; a sink is sent one message and its answer is printed. The Kamelet's parameters come from the properties
 * file, as camel.kamelet.(name).(parameter).
 * <p>
 * Arguments: the Kamelet's name and the properties file.
 */
public class KameletRun {

    public static void main(String[] args) throws Exception {
        String kamelet = args[0];
        Properties properties = new Properties();
        try (FileReader in = new FileReader(args[1])) {
            properties.load(in);
        }
        Main main = new Main();
        properties.stringPropertyNames().forEach(name -> main.addInitialProperty(name, properties.getProperty(name)));
        // bounded: the child never outlives the test
        main.addInitialProperty("camel.main.durationMaxSeconds", "60");
        int[] exit = { 1 };
        if (kamelet.endsWith("-source")) {
            main.configure().addRoutesBuilder(new RouteBuilder() {
                @Override
                public void configure() {
                    from("kamelet:" + kamelet).process(exchange -> {
                        System.out.println("RECORD " + exchange.getMessage().getBody(String.class));
                        System.out.flush();
                        exit[0] = 0;
                        main.completed();
                    });
                }
            });
        } else {
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void afterStart(BaseMainSupport started) {
                    CamelContext camel = started.getCamelContext();
                    try {
                        String answer = camel.createProducerTemplate().requestBody("kamelet:" + kamelet,
                                "{\"caller\": \"13800138000\", \"called\": \"13900139000\"}", String.class);
                        System.out.println("ANSWER " + answer);
                        exit[0] = 0;
                    } catch (Exception e) {
                        e.printStackTrace();
                    }
                    System.out.flush();
                    main.completed();
                }
            });
        }
        try {
            main.run();
        } catch (Throwable e) {
            e.printStackTrace();
            exit[0] = 1;
        }
        System.exit(exit[0]);
    }
}
