package io.millrace.api.project;

import io.millrace.api.features.FeatureDefinitions;
import io.millrace.api.stream.StreamJobSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded project: everything in {@code millrace.yaml} and {@code models/}, with variables
 * substituted in the YAML (model SQL keeps its {@code ${var}} placeholders until a run binds them).
 *
 * @param name project name
 * @param root the project folder
 * @param warehouse the Iceberg warehouse folder
 * @param stateDir the {@code .millrace/} folder (run store, staging, reports)
 * @param runStoreUrl JDBC URL of the run store (SQLite file under stateDir by default)
 * @param vars variables after defaults, {@code --var} overrides and {@code ${env:NAME}} lookups
 * @param sources declared sources by name, in file order
 * @param models models by name, in file-name order
 * @param exports exports in file order
 * @param pipeline scheduling and retries
 * @param engine engine settings
 * @param costPerHour dollars per hour of the machine, for cost-efficiency metrics (0 = unknown)
 * @param generate sample data to generate when sources are absent, or null
 * @param streams stream jobs from {@code streams/*.yaml} by name, in file-name order
 * @param retention how long warehouse snapshots are kept ({@code warehouse_retention})
 * @param features feature views and services from {@code features/*.yaml}
 * @param alerts the {@code alerts:} entries, in file order
 * @param onlineStore where online features are kept ({@code online_store}; RocksDB under stateDir by default)
 * @param warehouseCatalog the Iceberg catalog of the warehouse ({@code warehouse:}; local in {@code warehouse}
 *     by default); its {@link WarehouseCatalog#location()} is {@code warehouse}
 */
public record ProjectSpec(String name, Path root, Path warehouse, Path stateDir, String runStoreUrl,
                          Map<String, String> vars, Map<String, SourceSpec> sources,
                          Map<String, ModelSpec> models, List<ExportSpec> exports,
                          PipelineSpec pipeline, EngineSpec engine, double costPerHour,
                          GenerateSpec generate, Map<String, StreamJobSpec> streams,
                          WarehouseRetention retention, FeatureDefinitions features,
                          List<io.millrace.api.alert.AlertSpec> alerts, OnlineStoreSpec onlineStore,
                          WarehouseCatalog warehouseCatalog) {
  public ProjectSpec {
    warehouseCatalog = warehouseCatalog == null && warehouse != null ? WarehouseCatalog.local(warehouse)
        : warehouseCatalog;
    alerts = alerts == null ? List.of() : List.copyOf(alerts);
    features = features == null ? FeatureDefinitions.NONE : features;
    onlineStore = onlineStore == null && stateDir != null ? OnlineStoreSpec.rocksDb(stateDir) : onlineStore;
    Objects.requireNonNull(name, "name");
    retention = retention == null ? WarehouseRetention.DEFAULT : retention;
    Objects.requireNonNull(root, "root");
    vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
    sources = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sources));
    models = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(models));
    exports = List.copyOf(exports);
    streams = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(streams));
  }

  /**
   * The stream job that writes the warehouse table {@code table} ({@link StreamJobSpec#tables()},
   * exact name), if any: batch models may read such a table as an input the job produces.
   */
  public Optional<StreamJobSpec> streamJobWriting(String table) {
    return streams.values().stream().filter(j -> j.tables().contains(table)).findFirst();
  }

  /** A project whose warehouse is a local folder (the local Iceberg catalog). */
  public ProjectSpec(String name, Path root, Path warehouse, Path stateDir, String runStoreUrl,
                     Map<String, String> vars, Map<String, SourceSpec> sources,
                     Map<String, ModelSpec> models, List<ExportSpec> exports,
                     PipelineSpec pipeline, EngineSpec engine, double costPerHour,
                     GenerateSpec generate, Map<String, StreamJobSpec> streams,
                     WarehouseRetention retention, FeatureDefinitions features,
                     List<io.millrace.api.alert.AlertSpec> alerts, OnlineStoreSpec onlineStore) {
    this(name, root, warehouse, stateDir, runStoreUrl, vars, sources, models, exports, pipeline, engine,
        costPerHour, generate, streams, retention, features, alerts, onlineStore, null);
  }

  /** A project without alerts, with the default online store. */
  public ProjectSpec(String name, Path root, Path warehouse, Path stateDir, String runStoreUrl,
                     Map<String, String> vars, Map<String, SourceSpec> sources,
                     Map<String, ModelSpec> models, List<ExportSpec> exports,
                     PipelineSpec pipeline, EngineSpec engine, double costPerHour,
                     GenerateSpec generate, Map<String, StreamJobSpec> streams, WarehouseRetention retention,
                     FeatureDefinitions features) {
    this(name, root, warehouse, stateDir, runStoreUrl, vars, sources, models, exports, pipeline, engine,
        costPerHour, generate, streams, retention, features, List.of(), null);
  }

  /** A project without feature views. */
  public ProjectSpec(String name, Path root, Path warehouse, Path stateDir, String runStoreUrl,
                     Map<String, String> vars, Map<String, SourceSpec> sources,
                     Map<String, ModelSpec> models, List<ExportSpec> exports,
                     PipelineSpec pipeline, EngineSpec engine, double costPerHour,
                     GenerateSpec generate, Map<String, StreamJobSpec> streams, WarehouseRetention retention) {
    this(name, root, warehouse, stateDir, runStoreUrl, vars, sources, models, exports, pipeline, engine,
        costPerHour, generate, streams, retention, FeatureDefinitions.NONE);
  }

  /** A project without stream jobs. */
  public ProjectSpec(String name, Path root, Path warehouse, Path stateDir, String runStoreUrl,
                     Map<String, String> vars, Map<String, SourceSpec> sources,
                     Map<String, ModelSpec> models, List<ExportSpec> exports,
                     PipelineSpec pipeline, EngineSpec engine, double costPerHour,
                     GenerateSpec generate) {
    this(name, root, warehouse, stateDir, runStoreUrl, vars, sources, models, exports, pipeline, engine,
        costPerHour, generate, Map.of(), WarehouseRetention.DEFAULT);
  }

  /** A project with stream jobs and the default warehouse retention. */
  public ProjectSpec(String name, Path root, Path warehouse, Path stateDir, String runStoreUrl,
                     Map<String, String> vars, Map<String, SourceSpec> sources,
                     Map<String, ModelSpec> models, List<ExportSpec> exports,
                     PipelineSpec pipeline, EngineSpec engine, double costPerHour,
                     GenerateSpec generate, Map<String, StreamJobSpec> streams) {
    this(name, root, warehouse, stateDir, runStoreUrl, vars, sources, models, exports, pipeline, engine,
        costPerHour, generate, streams, WarehouseRetention.DEFAULT);
  }

  /** A project without stream jobs. */
  public ProjectSpec(String name, Path root, Path warehouse, Path stateDir, String runStoreUrl,
                     Map<String, String> vars, Map<String, SourceSpec> sources, Map<String, ModelSpec> models,
                     List<ExportSpec> exports, PipelineSpec pipeline, EngineSpec engine, double costPerHour,
                     GenerateSpec generate, WarehouseRetention retention) {
    this(name, root, warehouse, stateDir, runStoreUrl, vars, sources, models, exports, pipeline, engine,
        costPerHour, generate, Map.of(), retention);
  }
}
