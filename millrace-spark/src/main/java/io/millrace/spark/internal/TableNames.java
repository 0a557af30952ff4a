package io.millrace.spark.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith;

import scala.jdk.javaapi.CollectionConverters;

/** Reads Spark's parse trees: the tables a statement reads, and whether it only reads. */
public final class TableNames {
  /** {@code parquet.`file`}: a file read directly, not a table. */
  private static final Set<String> FILE_FORMATS = Set.of("parquet", "csv", "json", "orc", "text", "avro", "binaryfile");

  private TableNames() {}

  /** Names of UnresolvedRelations, as written (parts joined by '.'), without the statement's CTE names. */
  public static Set<String> referenced(LogicalPlan plan) {
    Set<String> tables = new LinkedHashSet<>();
    Set<String> ctes = new HashSet<>();
    Deque<LogicalPlan> todo = new ArrayDeque<>();
    todo.push(plan);
    while (!todo.isEmpty()) {
      LogicalPlan p = todo.pop();
      if (p instanceof UnresolvedRelation r) {
        var parts = CollectionConverters.asJava(r.multipartIdentifier());
        if (!(parts.size() == 2 && FILE_FORMATS.contains(parts.get(0).toLowerCase(Locale.ROOT)))) {
          tables.add(String.join(".", parts));
        }
      }
      if (p instanceof UnresolvedWith w) {
        for (scala.Tuple3<String, ?, ?> cte : CollectionConverters.asJava(w.cteRelations())) {
          ctes.add(cte._1().toLowerCase(Locale.ROOT));
          todo.push((LogicalPlan) cte._2());
        }
      }
      CollectionConverters.asJava(p.children()).forEach(todo::push);
      for (Expression e : CollectionConverters.asJava(p.expressions())) {
        subqueries(e, todo);
      }
    }
    tables.removeIf(t -> ctes.contains(t.toLowerCase(Locale.ROOT)));
    return tables;
  }

  private static void subqueries(Expression e, Deque<LogicalPlan> todo) {
    Deque<Expression> stack = new ArrayDeque<>();
    stack.push(e);
    while (!stack.isEmpty()) {
      Expression x = stack.pop();
      if (x instanceof SubqueryExpression s) {
        todo.push(s.plan());
      }
      CollectionConverters.asJava(x.children()).forEach(stack::push);
    }
  }

  /** True when no node of the plan is a command or statement (writes, DDL, SET, CACHE ...). */
  public static boolean isQuery(LogicalPlan plan) {
    Deque<LogicalPlan> todo = new ArrayDeque<>();
    todo.push(plan);
    while (!todo.isEmpty()) {
      LogicalPlan p = todo.pop();
      String cls = p.getClass().getSimpleName();
      if (p instanceof Command || cls.endsWith("Statement") || cls.endsWith("Command") || cls.startsWith("Insert")
          || cls.startsWith("Create") || cls.startsWith("Drop") || cls.startsWith("Alter") || cls.startsWith("Set")
          || cls.startsWith("Merge") || cls.startsWith("Delete") || cls.startsWith("Update")) {
        return false;
      }
      if (p instanceof UnresolvedWith w) {
        for (scala.Tuple3<String, ?, ?> cte : CollectionConverters.asJava(w.cteRelations())) {
          todo.push((LogicalPlan) cte._2());
        }
      }
      CollectionConverters.asJava(p.children()).forEach(todo::push);
    }
    return true;
  }
}
