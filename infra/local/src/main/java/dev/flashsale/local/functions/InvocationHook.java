package dev.flashsale.local.functions;

/** Sees every invocation of a function begin and end, on the invocation's own thread (the fault injector). */
public interface InvocationHook {

    InvocationHook NONE = new InvocationHook() {
        @Override
        public void begin(String function, Object event) {
        }

        @Override
        public void end(String function) {
        }
    };

    void begin(String function, Object event);

    void end(String function);
}
