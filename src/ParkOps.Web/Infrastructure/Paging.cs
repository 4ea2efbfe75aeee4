using Microsoft.EntityFrameworkCore;

namespace ParkOps.Web.Infrastructure;

/// <summary>A page of a list: the API's and the console's shape.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int PageNumber, int PageSize)
{
    public int PageCount => PageSize <= 0 ? 1 : Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public static class PagingExtensions
{
    public const int MaxPageSize = 500;
    /// <summary>Far beyond any list here, and small enough that (page − 1) × size stays an int (a negative OFFSET is an error on PostgreSQL).</summary>
    public const int MaxPage = 1_000_000;

    public static (int page, int size) Clamp(int? page, int? pageSize, int defaultSize = 20) =>
        (Math.Clamp(page ?? 1, 1, MaxPage), Math.Clamp(pageSize ?? defaultSize, 1, MaxPageSize));

    public static async Task<Page<T>> ToPageAsync<T>(this IQueryable<T> q, int? page, int? pageSize, CancellationToken ct, int defaultSize = 20)
    {
        var (p, s) = Clamp(page, pageSize, defaultSize);
        var total = await q.CountAsync(ct);
        var items = await q.Skip((p - 1) * s).Take(s).ToListAsync(ct);
        return new Page<T>(items, total, p, s);
    }
}
