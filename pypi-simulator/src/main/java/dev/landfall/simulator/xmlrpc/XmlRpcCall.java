package dev.landfall.simulator.xmlrpc;

import java.util.List;

/**
 * A parsed {@code methodCall}. Parameters map XML-RPC types to Java: int/i4/i8 → Long, string → String,
 * boolean → Boolean, double → Double, nil → {@link #NIL}, array → List, struct → Map.
 */
record XmlRpcCall(String method, List<Object> params) {

    /** Stands for {@code <nil/>} (lists and maps here do not hold null). */
    static final Object NIL = new Object() {
        @Override
        public String toString() {
            return "nil";
        }
    };
}
