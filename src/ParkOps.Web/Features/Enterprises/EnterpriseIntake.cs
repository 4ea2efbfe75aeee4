using Microsoft.EntityFrameworkCore;
using ParkOps.Web.Data;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Enterprises;

/// <summary><see cref="Contracts.IEnterpriseIntake"/>: enterprises an import names, found in the park by name or added as admitted.</summary>
public sealed class EnterpriseIntake(ParkOpsDb db) : Contracts.IEnterpriseIntake
{
    public async Task<Contracts.FirmsTaken> FindOrAdmitAsync(long parkId, IReadOnlyList<string> names, string description, DateTime now, CancellationToken ct)
    {
        if (!db.Actor.CanOperatePark(parkId)) throw new ForbiddenException("OnlyOperatorsMayWrite");
        var asked = names.Distinct().ToList();
        var existing = await db.Enterprises.IgnoreQueryFilters().Where(e => e.ParkId == parkId && asked.Contains(e.Name)).ToListAsync(ct);
        var usedCodes = (await db.Enterprises.IgnoreQueryFilters().Where(e => e.ParkId == parkId).Select(e => e.CreditCode).ToListAsync(ct)).ToHashSet();
        var taken = new List<Enterprise>(names.Count);
        var created = 0;
        foreach (var name in names)
        {
            var found = existing.FirstOrDefault(x => x.Name == name);
            if (found is null)
            {
                found = new Enterprise
                {
                    ParkId = parkId, CreditCode = NewCreditCode(name, usedCodes), Name = name.Length > 100 ? name[..100] : name,
                    Status = EnterpriseStatus.Admitted, Description = description, CreatedAt = now, UpdatedAt = now,
                };
                db.Enterprises.Add(found);
                created++;
            }
            taken.Add(found);
        }
        await db.SaveChangesAsync(ct);
        return new Contracts.FirmsTaken([.. taken.Select(e => e.Id)], created);
    }

    /// <summary>A valid 统一社会信用代码 for an imported enterprise (91 + 441900 + nine digits from its name + check character), unique in the park.</summary>
    private static string NewCreditCode(string name, HashSet<string> used)
    {
        var h = (uint)StableHash(name);
        for (var i = 0; ; i++)
        {
            var body = "91441900" + ((h + (uint)i * 7919u) % 1_000_000_000u).ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
            var code = body + ParkOps.Domain.Enterprises.CreditCode.CheckCharacter(body);
            if (used.Add(code)) return code;
        }
    }

    private static int StableHash(string s)
    {
        unchecked
        {
            var h = (int)2166136261;
            foreach (var ch in s) h = (h ^ ch) * 16777619;
            return h;
        }
    }
}
