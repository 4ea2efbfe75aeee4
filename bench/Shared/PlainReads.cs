using System.Data.Common;

namespace ParkOps.Bench;

/// <summary>What a ceiling read: rows, and a sum of every value read, so the reads cannot be skipped.</summary>
public readonly record struct ReadTally(long Rows, double Sum)
{
    public static ReadTally operator +(ReadTally a, ReadTally b) => new(a.Rows + b.Rows, a.Sum + b.Sum);
}

/// <summary>
/// The ceilings' plain ADO.NET read (shared by the benches): a command with its parameters, every row folded into a tally.
/// BENCH_TRACE=1 prints each read's time and rows (where a ceiling's time goes).
/// </summary>
public static class PlainReads
{
    public static async Task<ReadTally> ReadAsync(DbConnection conn, string sql, (string Name, object Value)[] args, Func<DbDataReader, double> row)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }
        long rows = 0; double sum = 0;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) { rows++; sum += row(r); }
        if (Environment.GetEnvironmentVariable("BENCH_TRACE") == "1")
            Console.WriteLine($"  {sw.Elapsed.TotalMilliseconds,8:N0} ms {rows,9:N0} rows  {sql.Trim().Split('\n')[0][..Math.Min(90, sql.Trim().Split('\n')[0].Length)]}");
        return new ReadTally(rows, sum);
    }
}
