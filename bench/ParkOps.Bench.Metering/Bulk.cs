using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using ParkOps.Web.Data;

namespace ParkOps.Bench.Metering;

/// <summary>
/// The engine's ceiling: rows written straight into a table with the engine's fastest plain path (PostgreSQL binary
/// COPY, SQLite one prepared INSERT reused in one transaction), columns and conversions read from the EF model so the
/// rows are exactly what the application would store. Used to build the benchmark's world and as its yardstick.
/// </summary>
public static class Bulk
{
    public static async Task InsertAsync<T>(ParkOpsDb db, IReadOnlyList<T> rows) where T : class
    {
        if (rows.Count == 0) return;
        var et = db.Model.FindEntityType(typeof(T))!;
        var table = et.GetTableName()!;
        var props = et.GetProperties().Where(p => p.PropertyInfo is not null).ToList();
        var cols = string.Join(", ", props.Select(p => $"\"{p.GetColumnName()}\""));
        var getters = props.Select(p =>
        {
            var pi = p.PropertyInfo!;
            var conv = p.GetTypeMapping().Converter;
            return (Func<T, object?>)(r => pi.GetValue(r) is { } v ? conv is null ? v : conv.ConvertToProvider(v) : null);
        }).ToArray();
        await db.Database.OpenConnectionAsync();
        var conn = db.Database.GetDbConnection();
        if (conn is NpgsqlConnection pg)
        {
            var types = props.Select(p => (p.GetTypeMapping().Converter?.ProviderClrType ?? p.ClrType) is var t ? SetWriter.DbType(Nullable.GetUnderlyingType(t) ?? t) : default).ToArray();
            await using (var w = await pg.BeginBinaryImportAsync($"COPY \"{table}\" ({cols}) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var r in rows)
                {
                    await w.StartRowAsync();
                    for (var i = 0; i < getters.Length; i++)
                    {
                        var v = getters[i](r);
                        if (v is null) await w.WriteNullAsync();
                        else await w.WriteAsync(v, types[i]);
                    }
                }
                await w.CompleteAsync();
            }
            await using var seq = pg.CreateCommand();
            seq.CommandText = $"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'Id'), (SELECT COALESCE(MAX(\"Id\"), 1) FROM \"{table}\"))";
            await seq.ExecuteNonQueryAsync();
        }
        else
        {
            await using var tx = await conn.BeginTransactionAsync();
            await using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = $"INSERT INTO \"{table}\" ({cols}) VALUES ({string.Join(", ", props.Select((_, i) => "$p" + i))})";
            var ps = props.Select((_, i) => { var p = cmd.CreateParameter(); p.ParameterName = "$p" + i; cmd.Parameters.Add(p); return p; }).ToArray();
            cmd.Prepare();
            foreach (var r in rows)
            {
                for (var i = 0; i < getters.Length; i++) ps[i].Value = getters[i](r) ?? DBNull.Value;
                await cmd.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
        }
    }
}
