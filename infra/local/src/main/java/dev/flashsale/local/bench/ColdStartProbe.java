package dev.flashsale.local.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPostConfirmationEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;

import java.util.List;
import java.util.Map;

/**
 * Run in a fresh JVM on the deployed jar's classpath ({@code java -cp probe:function-lambda.jar}), with the
 * function's environment: constructs the handler as the Lambda runtime does (no-arg constructor: the context
 * from the environment, priming unless {@code FLASHSALE_PRIMING=false}) and hands it its first event. Prints
 * {@code PROBE <init ms> <first event ms>}. Self-contained: only the JDK and what the function jar holds.
 */
public final class ColdStartProbe {

    private ColdStartProbe() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        String handlerClass = args[0];
        String saleId = args[1];
        long started = System.nanoTime();
        RequestHandler<Object, Object> handler =
                (RequestHandler<Object, Object>) Class.forName(handlerClass).getConstructor().newInstance();
        long initialised = System.nanoTime();
        handler.handleRequest(firstEvent(handlerClass, saleId), null);
        long handled = System.nanoTime();
        System.out.println("PROBE " + (initialised - started) / 1e6 + " " + (handled - initialised) / 1e6);
        System.out.flush();
        Runtime.getRuntime().halt(0); // like Lambda freezing the container: no shutdown work is timed or awaited
    }

    private static Object firstEvent(String handlerClass, String saleId) {
        if (handlerClass.endsWith("OrderHandler")) {
            SQSEvent event = new SQSEvent();
            event.setRecords(List.of());
            return event;
        }
        if (handlerClass.endsWith("PostConfirmationHandler")) {
            // A confirmed password reset: the trigger runs through, and writes nothing (there is no pool here).
            return CognitoUserPoolPostConfirmationEvent.builder().withUserPoolId("local").withUserName(saleId)
                    .withTriggerSource("PostConfirmation_ConfirmForgotPassword")
                    .withRequest(CognitoUserPoolPostConfirmationEvent.Request.builder()
                            .withUserAttributes(Map.of()).build()).build();
        }
        if (handlerClass.endsWith("ReconcilerHandler")) {
            ScheduledEvent event = new ScheduledEvent();
            event.setSource("aws.events");
            return event;
        }
        boolean admin = handlerClass.endsWith("AdminHandler");
        String resource = admin ? "/api/admin/sales/{saleId}" : "/api/sales/{saleId}";
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent();
        event.setHttpMethod("GET");
        event.setResource(resource);
        event.setPath(resource.replace("{saleId}", saleId));
        event.setPathParameters(Map.of("saleId", saleId));
        APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext();
        APIGatewayProxyRequestEvent.RequestIdentity identity = new APIGatewayProxyRequestEvent.RequestIdentity();
        identity.setSourceIp("127.0.0.1");
        context.setIdentity(identity);
        event.setRequestContext(context);
        return event;
    }
}
