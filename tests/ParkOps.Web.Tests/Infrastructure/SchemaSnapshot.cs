using System.Data.Common;
using System.Globalization;
using ParkOps.Web.Data;

namespace ParkOps.Web.Tests.Infrastructure;

public sealed record ColumnShape(string Type, bool Nullable)
{
    public override string ToString() => $"{Type} {(Nullable ? "NULL" : "NOT NULL")}";
}

public sealed record IndexShape(string Table, string Columns, bool Unique, string Name)
{
    /// <summary>Indexes are matched by table and column list; the name is only shown.</summary>
    public string Key => $"{Table}({Columns})";
    public override string ToString() => $"{(Unique ? "UNIQUE " : "")}INDEX {Key} [{Name}]";
}

public sealed record ForeignKeyShape(string Table, string Columns, string Principal, string PrincipalColumns, string OnDelete)
{
    public string Key => $"{Table}({Columns}) -> {Principal}({PrincipalColumns})";
    public override string ToString() => $"FK {Key} ON DELETE {OnDelete}";
}

/// <summary>
/// What a database holds, read from the engine's catalogue, in a form two databases can be compared by: tables,
/// columns with a normalised type and nullability, indexes by column list with uniqueness, foreign keys.
/// The migrations' bookkeeping table is left out.
/// </summary>
public sealed class SchemaSnapshot
{
    public SortedDictionary<string, SortedDictionary<string, ColumnShape>> Tables { get; } = new(StringComparer.Ordinal);
    public List<IndexShape> Indexes { get; } = [];
    public List<ForeignKeyShape> ForeignKeys { get; } = [];

    private static readonly string[] Ignored = ["__parkops_migrations", "__EFMigrationsHistory", "sqlite_sequence"];

    public static Task<SchemaSnapshot> ReadAsync(DbConnection conn, DatabaseProvider provider) =>
        provider == DatabaseProvider.Postgres ? ReadPostgresAsync(conn) : ReadSqliteAsync(conn);

    private static async Task<SchemaSnapshot> ReadSqliteAsync(DbConnection conn)
    {
        var s = new SchemaSnapshot();
        var tables = (await RowsAsync(conn, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
            .Select(r => (string)r[0]!).Where(t => !Ignored.Contains(t)).ToList();
        foreach (var t in tables)
        {
            var cols = new SortedDictionary<string, ColumnShape>(StringComparer.Ordinal);
            // cid, name, type, notnull, dflt_value, pk
            foreach (var r in await RowsAsync(conn, $"PRAGMA table_info(\"{t}\")"))
                cols[(string)r[1]!] = new ColumnShape(((string)r[2]!).Trim().ToUpperInvariant(), Convert.ToInt64(r[3], CultureInfo.InvariantCulture) == 0);
            s.Tables[t] = cols;
            // seq, name, unique, origin (c = CREATE INDEX, u = UNIQUE constraint, pk = primary key), partial
            foreach (var r in await RowsAsync(conn, $"PRAGMA index_list(\"{t}\")"))
            {
                var name = (string)r[1]!;
                var columns = (await RowsAsync(conn, $"PRAGMA index_info(\"{name}\")")).OrderBy(x => Convert.ToInt64(x[0], CultureInfo.InvariantCulture)).Select(x => (string)x[2]!);
                s.Indexes.Add(new IndexShape(t, string.Join(",", columns), Convert.ToInt64(r[2], CultureInfo.InvariantCulture) == 1, name));
            }
            // id, seq, table, from, to, on_update, on_delete, match
            foreach (var fk in (await RowsAsync(conn, $"PRAGMA foreign_key_list(\"{t}\")")).GroupBy(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)))
            {
                var parts = fk.OrderBy(r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture)).ToList();
                s.ForeignKeys.Add(new ForeignKeyShape(t, string.Join(",", parts.Select(r => (string)r[3]!)), (string)parts[0][2]!,
                    string.Join(",", parts.Select(r => (string)r[4]!)), ((string)parts[0][6]!).ToUpperInvariant()));
            }
        }
        return s;
    }

    private static async Task<SchemaSnapshot> ReadPostgresAsync(DbConnection conn)
    {
        var s = new SchemaSnapshot();
        const string columns = """
            SELECT c.table_name, c.column_name, c.data_type, c.character_maximum_length, c.numeric_precision, c.numeric_scale,
                   c.is_nullable, c.is_identity, c.identity_generation
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
            """;
        foreach (var r in await RowsAsync(conn, columns))
        {
            var table = (string)r[0]!;
            if (Ignored.Contains(table)) continue;
            var type = (string)r[2]!;
            type = type switch
            {
                "character varying" or "character" when r[3] is not null => $"{type}({r[3]})",
                "numeric" when r[4] is not null => $"numeric({r[4]},{r[5]})",
                _ => type,
            };
            if ((string)r[7]! == "YES") type += $" identity {r[8]}".ToLowerInvariant();
            if (!s.Tables.TryGetValue(table, out var cols)) s.Tables[table] = cols = new(StringComparer.Ordinal);
            cols[(string)r[1]!] = new ColumnShape(type, (string)r[6]! == "YES");
        }
        const string indexes = """
            SELECT t.relname, i.relname, ix.indisunique,
                   array_to_string(ARRAY(SELECT a.attname FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                                         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord), ',')
            FROM pg_index ix
            JOIN pg_class t ON t.oid = ix.indrelid
            JOIN pg_class i ON i.oid = ix.indexrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = 'public'
            """;
        foreach (var r in await RowsAsync(conn, indexes))
            if (!Ignored.Contains((string)r[0]!))
                s.Indexes.Add(new IndexShape((string)r[0]!, (string)r[3]!, (bool)r[2]!, (string)r[1]!));
        const string fks = """
            SELECT t.relname, p.relname, c.confdeltype::text,
                   array_to_string(ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
                                         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.ord), ','),
                   array_to_string(ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord)
                                         JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.ord), ',')
            FROM pg_constraint c
            JOIN pg_class t ON t.oid = c.conrelid
            JOIN pg_class p ON p.oid = c.confrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE c.contype = 'f' AND n.nspname = 'public'
            """;
        foreach (var r in await RowsAsync(conn, fks))
        {
            var onDelete = (string)r[2]! switch { "a" => "NO ACTION", "r" => "RESTRICT", "c" => "CASCADE", "n" => "SET NULL", "d" => "SET DEFAULT", var x => x };
            s.ForeignKeys.Add(new ForeignKeyShape((string)r[0]!, (string)r[3]!, (string)r[1]!, (string)r[4]!, onDelete));
        }
        return s;
    }

    /// <summary>Every difference, one per line, as "expected (left) vs actual (right)"; empty when the two agree.</summary>
    public static List<string> Diff(SchemaSnapshot left, string leftName, SchemaSnapshot right, string rightName)
    {
        var d = new List<string>();
        foreach (var t in left.Tables.Keys.Union(right.Tables.Keys).Order(StringComparer.Ordinal))
        {
            var l = left.Tables.GetValueOrDefault(t);
            var r = right.Tables.GetValueOrDefault(t);
            if (l is null) { d.Add($"table {t}: only in {rightName}"); continue; }
            if (r is null) { d.Add($"table {t}: only in {leftName}"); continue; }
            foreach (var c in l.Keys.Union(r.Keys).Order(StringComparer.Ordinal))
            {
                var lc = l.GetValueOrDefault(c);
                var rc = r.GetValueOrDefault(c);
                if (lc is null) d.Add($"column {t}.{c}: only in {rightName} ({rc})");
                else if (rc is null) d.Add($"column {t}.{c}: only in {leftName} ({lc})");
                else if (lc != rc) d.Add($"column {t}.{c}: {leftName} has {lc}, {rightName} has {rc}");
            }
        }
        Compare(d, left.Indexes, right.Indexes, i => i.Key, leftName, rightName);
        Compare(d, left.ForeignKeys, right.ForeignKeys, f => f.Key, leftName, rightName);
        return d;
    }

    private static void Compare<T>(List<string> d, List<T> left, List<T> right, Func<T, string> key, string leftName, string rightName) where T : notnull
    {
        var l = left.GroupBy(key).ToDictionary(g => g.Key, g => g.Select(x => x.ToString()!).Order(StringComparer.Ordinal).ToList());
        var r = right.GroupBy(key).ToDictionary(g => g.Key, g => g.Select(x => x.ToString()!).Order(StringComparer.Ordinal).ToList());
        foreach (var k in l.Keys.Union(r.Keys).Order(StringComparer.Ordinal))
        {
            var lv = l.GetValueOrDefault(k) ?? [];
            var rv = r.GetValueOrDefault(k) ?? [];
            // names differ harmlessly; shape (uniqueness, delete rule) must not
            var ls = lv.Select(StripName).ToList();
            var rs = rv.Select(StripName).ToList();
            if (!ls.SequenceEqual(rs))
                d.Add($"{k}: {leftName} has [{string.Join("; ", lv)}], {rightName} has [{string.Join("; ", rv)}]");
        }
    }

    private static string StripName(string s) => s.Contains(" [") ? s[..s.LastIndexOf(" [", StringComparison.Ordinal)] : s;

    private static async Task<List<object?[]>> RowsAsync(DbConnection conn, string sql)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await r.ReadAsync())
        {
            var row = new object?[r.FieldCount];
            for (var i = 0; i < r.FieldCount; i++) row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }
}
