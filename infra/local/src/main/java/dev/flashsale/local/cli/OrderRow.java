package dev.flashsale.local.cli;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** One order as {@code sale orders} prints it: the admin API's fields, as a table row or a CSV record. */
record OrderRow(String orderId, String userId, String status, String quantity, String createdAt, String payBy,
                String reason) {

    static final List<String> HEADER = List.of("orderId", "userId", "status", "quantity", "createdAt", "payBy", "reason");

    static OrderRow of(Map<?, ?> order) {
        return new OrderRow(text(order, "orderId"), text(order, "userId"), text(order, "status"),
                text(order, "quantity"), text(order, "createdAt"), text(order, "payBy"), text(order, "reason"));
    }

    List<String> fields() {
        return List.of(orderId, userId, status, quantity, createdAt, payBy, reason);
    }

    /** RFC 4180: a header line, then one record per order; a field with a comma, quote or line break is quoted. */
    static String csv(List<OrderRow> rows) {
        StringBuilder text = new StringBuilder(String.join(",", HEADER)).append("\r\n");
        for (OrderRow row : rows) {
            text.append(String.join(",", row.fields().stream().map(OrderRow::csvField).toList())).append("\r\n");
        }
        return text.toString();
    }

    static String table(List<OrderRow> rows) {
        StringBuilder text = new StringBuilder(String.join("\t", HEADER)).append('\n');
        for (OrderRow row : rows) {
            text.append(String.join("\t", row.fields())).append('\n');
        }
        return text.append(rows.size()).append(" orders\n").toString();
    }

    private static String csvField(String value) {
        // A leading =, +, - or @ would be a formula to a spreadsheet: ids come from shoppers' accounts.
        String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")
                ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }

    private static String text(Map<?, ?> order, String field) {
        Object value = order.get(field);
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            return Long.toString(number.longValue());
        }
        return Objects.toString(value, "");
    }
}
