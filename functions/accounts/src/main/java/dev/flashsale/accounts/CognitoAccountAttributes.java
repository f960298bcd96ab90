package dev.flashsale.accounts;

import dev.flashsale.core.port.AccountAttributes;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/** The accounts in the Cognito user pool: an attribute set with the administrator's call, which no shopper may make. */
@Singleton
public class CognitoAccountAttributes implements AccountAttributes {

    private final CognitoIdentityProviderClient client;

    public CognitoAccountAttributes(SdkHttpClient http) {
        this.client = CognitoIdentityProviderClient.builder().httpClient(http).build(); // the container's
    }

    @Override
    public void set(String poolId, String userName, String name, String value) {
        client.adminUpdateUserAttributes(b -> b.userPoolId(poolId).username(userName)
                .userAttributes(a -> a.name(name).value(value)));
    }
}
