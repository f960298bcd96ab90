package dev.flashsale.accounts;

import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPostConfirmationEvent;
import dev.flashsale.adapters.wiring.FunctionHandler;
import dev.flashsale.core.account.AccountCreation;
import io.micronaut.context.ApplicationContext;

/**
 * The user pool's post-confirmation trigger: stamps a confirmed sign-up with its creation time
 * ({@link AccountCreation}). Thin on purpose; Cognito takes the event back unchanged as the trigger's answer.
 */
public class PostConfirmationHandler
        extends FunctionHandler<CognitoUserPoolPostConfirmationEvent, CognitoUserPoolPostConfirmationEvent> {

    /** Cognito's trigger source of a confirmed sign-up (the other is PostConfirmation_ConfirmForgotPassword). */
    static final String SIGN_UP = "PostConfirmation_ConfirmSignUp";

    private final AccountCreation accounts;

    /** Used by the Lambda runtime: builds the application context from the environment. */
    public PostConfirmationHandler() {
        this.accounts = bean(AccountCreation.class);
    }

    /** Used by tests and the local runner, which bring their own context. */
    public PostConfirmationHandler(ApplicationContext context) {
        super(context);
        this.accounts = bean(AccountCreation.class);
    }

    @Override
    protected CognitoUserPoolPostConfirmationEvent handle(CognitoUserPoolPostConfirmationEvent event) {
        accounts.confirmed(event.getUserPoolId(), event.getUserName(),
                SIGN_UP.equals(event.getTriggerSource()) ? AccountCreation.Confirmation.SIGN_UP
                        : AccountCreation.Confirmation.PASSWORD_RESET,
                event.getRequest() == null ? null : event.getRequest().getUserAttributes());
        return event;
    }
}
