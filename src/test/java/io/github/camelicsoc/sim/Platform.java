package io.github.camelicsoc.sim;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * The WireMock extension that answers every request as the platform: counts it, gives it its fault if one is due,
 * else authenticates it and hands it to the operation its path names.
 */
final class Platform implements ResponseDefinitionTransformerV2 {

    static final String CALL_PATH = "/v2/wintelapi/webcall/cti";
    static final String AXB_CALL_PATH = "/v2/wintelapi/webcall/cti/axb";
    static final String TWO_WAY_RECORDS_PATH = "/v2/wintelapi/webcall/webcall800";
    static final String INBOUND_RECORDS_PATH = "/v2/wintelapi/webcall/webcall400";

    private final Authentication authentication;
    private final Calls calls;
    private final Records records;
    private final Faults faults;
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<String, AtomicInteger> requestsByPath = new ConcurrentHashMap<>();

    Platform(Authentication authentication, Calls calls, Records records, Faults faults) {
        this.authentication = authentication;
        this.calls = calls;
        this.records = records;
        this.faults = faults;
    }

    int requestCount() {
        return requests.get();
    }

    int requestCount(String path) {
        AtomicInteger n = requestsByPath.get(path);
        return n == null ? 0 : n.get();
    }

    @Override
    public String getName() {
        return "icsoc-platform";
    }

    @Override
    public boolean applyGlobally() {
        return true;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        requests.incrementAndGet();
        String path = request.getUrl();
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        requestsByPath.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        SimFault fault = faults.forNextRequest();
        ResponseDefinitionBuilder response;
        if (fault == null || fault == SimFault.TIMEOUT) {
            response = answer(request, path);
        } else {
            if (isCall(path)) {
                calls.notProcessed(path.equals(AXB_CALL_PATH), Answers.form(request.getBodyAsString()));
            }
            response = Faults.page(fault);
        }
        return faults.deliver(response, fault).build();
    }

    private ResponseDefinitionBuilder answer(Request request, String path) {
        Map<String, String> form = Answers.form(request.getBodyAsString());
        boolean axb = path.equals(AXB_CALL_PATH);
        boolean call = isCall(path);
        if (!"POST".equals(request.getMethod().getName())) {
            return Answers.methodNotAllowed();
        }
        ResponseDefinitionBuilder denied = authentication.check(request.getHeader("X-WSSE"));
        if (denied != null) {
            if (call) {
                calls.notProcessed(axb, form);
            }
            return denied;
        }
        String canned = faults.cannedBody();
        if (canned != null) {
            return Answers.json(canned);
        }
        if (call) {
            return calls.place(axb, form);
        }
        if (path.equals(TWO_WAY_RECORDS_PATH)) {
            return records.query(form, false);
        }
        if (path.equals(INBOUND_RECORDS_PATH)) {
            return records.query(form, true);
        }
        return Answers.notFound();
    }

    private static boolean isCall(String path) {
        return path.equals(CALL_PATH) || path.equals(AXB_CALL_PATH);
    }
}
