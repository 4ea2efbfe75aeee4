using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace ParkOps.Web.Data;

/// <summary>
/// Set-based inserts for the large writes (the bill run): the columns and value conversions come from the EF model,
/// so the rows are exactly what SaveChanges would store, but PostgreSQL takes a whole set by binary COPY (or, when
/// generated ids must be read back, as arrays in one INSERT … SELECT FROM unnest … RETURNING) and SQLite reuses one
/// prepared INSERT. Runs in the context's current transaction.
/// Rows written this way bypass the audit interceptor: the caller writes its own audit rows. Park-owned rows mark their
/// parks changed (<see cref="Platform.ParkChanges"/>) in the same transaction.
/// </summary>
public static class SetWriter
{
    /// <summary>Inserts the rows; with <paramref name="key"/>, reads the generated ids back (matched on that unique column) into Id.</summary>
    public static async Task InsertAsync<T>(ParkOpsDb db, IReadOnlyList<T> rows, string? key = null, CancellationToken ct = default) where T : class
    {
        if (rows.Count == 0) return;
        // park-owned rows mark their parks, as a save of them would (Platform.ParkChanges)
        if (typeof(IParkOwned).IsAssignableFrom(typeof(T)) && !typeof(IDerivedParkRow).IsAssignableFrom(typeof(T))) await Platform.ParkChanges.MarkAsync(db, rows.Select(r => ((IParkOwned)r).ParkId), ct);
        var et = db.Model.FindEntityType(typeof(T))!;
        var table = et.GetTableName()!;
        var idProp = et.FindPrimaryKey()!.Properties.Single();
        var props = et.GetProperties().Where(p => p.PropertyInfo is not null && p != idProp).ToList();
        var getters = props.Select(Getter<T>).ToArray();
        var cols = string.Join(", ", props.Select(p => $"\"{p.GetColumnName()}\""));
        await db.Database.OpenConnectionAsync(ct);
        var conn = db.Database.GetDbConnection();
        var tx = db.Database.CurrentTransaction?.GetDbTransaction();
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        var keyIndex = key is null ? -1 : props.FindIndex(p => p.Name == key);
        if (db.Database.IsNpgsql() && key is null)
        {
            // nothing to read back: binary COPY, PostgreSQL's fastest way in (no statement to parse, plan or unnest)
            var types = props.Select(p => DbType(ProviderType(p))).ToArray();
            await using var w = await ((Npgsql.NpgsqlConnection)conn).BeginBinaryImportAsync($"COPY \"{table}\" ({cols}) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var r in rows)
            {
                await w.StartRowAsync(ct);
                for (var i = 0; i < getters.Length; i++)
                {
                    if (getters[i](r) is { } v) await w.WriteAsync(v, types[i], ct);
                    else await w.WriteNullAsync(ct);
                }
            }
            await w.CompleteAsync(ct);
        }
        else if (db.Database.IsNpgsql())
        {
            var names = props.Select((_, i) => "c" + i).ToList();
            cmd.CommandText = $"INSERT INTO \"{table}\" ({cols}) SELECT {string.Join(", ", names)} FROM unnest({string.Join(", ", names.Select(n => "@" + n))}) AS t({string.Join(", ", names)})"
                + (key is null ? "" : $" RETURNING \"{idProp.GetColumnName()}\", \"{props[keyIndex].GetColumnName()}\"");
            for (var i = 0; i < props.Count; i++)
            {
                var t = ProviderType(props[i]);
                var array = Array.CreateInstance(props[i].IsNullable && t.IsValueType ? typeof(Nullable<>).MakeGenericType(t) : t, rows.Count);
                for (var r = 0; r < rows.Count; r++) array.SetValue(getters[i](rows[r]), r);
                var p = cmd.CreateParameter();
                p.ParameterName = names[i];
                p.Value = array;
                cmd.Parameters.Add(p);
            }
            if (key is null) { await cmd.ExecuteNonQueryAsync(ct); return; }
            var byKey = rows.ToDictionary(r => getters[keyIndex](r)!);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) idProp.PropertyInfo!.SetValue(byKey[reader.GetValue(1)], reader.GetInt64(0));
        }
        else
        {
            cmd.CommandText = $"INSERT INTO \"{table}\" ({cols}) VALUES ({string.Join(", ", props.Select((_, i) => "$p" + i))})"
                + (key is null ? "" : $" RETURNING \"{idProp.GetColumnName()}\"");
            var ps = props.Select((_, i) => { var p = cmd.CreateParameter(); p.ParameterName = "$p" + i; cmd.Parameters.Add(p); return p; }).ToArray();
            await cmd.PrepareAsync(ct);
            foreach (var r in rows)
            {
                for (var i = 0; i < ps.Length; i++) ps[i].Value = getters[i](r) ?? DBNull.Value;
                if (key is null) await cmd.ExecuteNonQueryAsync(ct);
                else idProp.PropertyInfo!.SetValue(r, Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>The PostgreSQL type a binary COPY writes a provider value as (the column types EF Core maps these to).</summary>
    public static NpgsqlTypes.NpgsqlDbType DbType(Type t) =>
        t == typeof(long) ? NpgsqlTypes.NpgsqlDbType.Bigint : t == typeof(int) ? NpgsqlTypes.NpgsqlDbType.Integer : t == typeof(string) ? NpgsqlTypes.NpgsqlDbType.Text
        : t == typeof(decimal) ? NpgsqlTypes.NpgsqlDbType.Numeric : t == typeof(bool) ? NpgsqlTypes.NpgsqlDbType.Boolean : t == typeof(DateTime) ? NpgsqlTypes.NpgsqlDbType.TimestampTz
        : t == typeof(DateOnly) ? NpgsqlTypes.NpgsqlDbType.Date : t == typeof(double) ? NpgsqlTypes.NpgsqlDbType.Double
        : throw new NotSupportedException($"SetWriter: no PostgreSQL type for {t.Name}");

    private static Type ProviderType(IProperty p)
    {
        var t = p.GetTypeMapping().Converter?.ProviderClrType ?? p.ClrType;
        return Nullable.GetUnderlyingType(t) ?? t;
    }

    private static Func<T, object?> Getter<T>(IProperty p)
    {
        var pi = p.PropertyInfo!;
        var conv = p.GetTypeMapping().Converter;
        return r => pi.GetValue(r) is { } v ? conv is null ? v : conv.ConvertToProvider(v) : null;
    }
}
