package dev.flashsale.core.port;

/** The shoppers' accounts as the identity provider keeps them: an attribute written by the stack, not the shopper. */
public interface AccountAttributes {

    /** Sets {@code name} to {@code value} on the account {@code userName} of the pool {@code poolId}. */
    void set(String poolId, String userName, String name, String value);
}
