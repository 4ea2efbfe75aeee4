using System.Globalization;
using System.Text.Json;
using ParkOps.Domain.Pricing;
using ParkOps.Domain.Rules;

namespace ParkOps.Web.Features.Leasing;

/// <summary>One what-if lease of the rent calculator's file, ready for <see cref="RentPricing.Quote(IReadOnlyList{RentPolicy}, TenantFacts, IReadOnlyList{LeasedUnit}, DateOnly, int)"/>.</summary>
public sealed record RentScenario(string Id, IReadOnlyList<RentPolicy> Policies, TenantFacts Tenant, IReadOnlyList<LeasedUnit> Units, DateOnly Start, int TermMonths)
{
    public RentSchedule Quote() => RentPricing.Quote(Policies, Tenant, Units, Start, TermMonths);
}

/// <summary>A scenario file that cannot be priced: which scenario (id, or #index without one), which field, why.</summary>
public sealed class RentFileException(string scenario, string field, string message, string? rule = null) : Exception(message)
{
    public string Scenario { get; } = scenario;
    public string Field { get; } = field;
    public string? Rule { get; } = rule;
}

/// <summary>
/// The rent calculator's file (the shape of shared/data/rent-sample.json):
/// <c>{"scenarios": [{"id", "policy": {"basePrices": {"factory": 30, …}, "leadingIndustryDiscount", "highTechDiscount",
/// "unrelatedIndustryPremium", "longLeaseMinYears", "longLeaseYearlyDecrease", "startupFreeMonths",
/// "contributionFromLeaseYear", "contributionMaxDiscount"}, "enterprise": {"leadingIndustry", "highTech",
/// "unrelatedIndustry", "startup", "contributionScore", "equityFreeMonths"}, "units": [{"use", "areaSqm"}],
/// "startDate": "yyyy-MM-dd", "termMonths"}]}</c>, and for a renewal or change optionally "monthsInParkBefore" (months
/// the enterprise was in the park before this lease, without a gap) and "startupFreeMonthsUsed" (startup free months
/// already granted to it in this park), both 0 when absent. Every other field shown is required; other members (such as
/// <c>expected</c>) are ignored. Instead of <c>policy</c> a scenario may give <c>policies</c>, an array of
/// versions each with an <c>effectiveFrom</c> date, to try a policy change mid-lease. Numbers are read as
/// <see cref="decimal"/> from the JSON text, so nothing passes through binary floating point.
/// </summary>
public static class RentScenarioFile
{
    public static IReadOnlyList<RentScenario> Parse(string json)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }); }
        catch (JsonException e)
        {
            var why = e.Message.Split(" LineNumber:")[0];
            throw new RentFileException("-", "$", $"not valid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {why}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Member(root, "scenarios") is not { ValueKind: JsonValueKind.Array } list)
                throw new RentFileException("-", "scenarios", "expected an object with a \"scenarios\" array");
            var scenarios = new List<RentScenario>();
            var i = 0;
            foreach (var s in list.EnumerateArray())
            {
                scenarios.Add(Scenario(s, i));
                i++;
            }
            var duplicate = scenarios.GroupBy(s => s.Id).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null) throw new RentFileException(duplicate.Key, "id", "the same id is used by more than one scenario");
            return scenarios;
        }
    }

    private static RentScenario Scenario(JsonElement s, int index)
    {
        var id = $"#{index}";
        if (s.ValueKind != JsonValueKind.Object) throw new RentFileException(id, "$", "expected an object");
        var r = new Reader(id);
        id = r.String(s, "id", "");
        r = new Reader(id);

        var policies = new List<RentPolicy>();
        if (Member(s, "policies") is { } versions)
        {
            if (versions.ValueKind != JsonValueKind.Array || versions.GetArrayLength() == 0)
                throw new RentFileException(id, "policies", "expected a non-empty array of policy versions");
            var i = 0;
            foreach (var v in versions.EnumerateArray())
            {
                policies.Add(r.Policy(v, $"policies[{i}]", requireDate: true));
                i++;
            }
        }
        else
            policies.Add(r.Policy(r.Object(s, "policy", "policy"), "policy", requireDate: false));

        var e = r.Object(s, "enterprise", "enterprise");
        var tenant = new TenantFacts(
            LeadingIndustry: r.Bool(e, "leadingIndustry", "enterprise"),
            HighTech: r.Bool(e, "highTech", "enterprise"),
            UnrelatedIndustry: r.Bool(e, "unrelatedIndustry", "enterprise"),
            Startup: r.Bool(e, "startup", "enterprise"),
            ContributionScore: r.Decimal(e, "contributionScore", "enterprise"),
            EquityFreeMonths: r.Int(e, "equityFreeMonths", "enterprise"),
            MonthsInParkBefore: OptionalInt(r, s, e, "monthsInParkBefore"),
            StartupFreeMonthsUsed: OptionalInt(r, s, e, "startupFreeMonthsUsed"));

        if (Member(s, "units") is not { ValueKind: JsonValueKind.Array } unitList)
            throw new RentFileException(id, "units", "expected an array of {use, areaSqm}");
        var units = new List<LeasedUnit>();
        foreach (var u in unitList.EnumerateArray())
        {
            var at = $"units[{units.Count}]";
            if (u.ValueKind != JsonValueKind.Object) throw new RentFileException(id, at, "expected an object {use, areaSqm}");
            var use = r.Use(r.String(u, "use", at), $"{at}.use");
            units.Add(new LeasedUnit(use, r.Decimal(u, "areaSqm", at)));
        }
        return new RentScenario(id, policies, tenant, units, r.Date(s, "startDate", ""), r.Int(s, "termMonths", ""));
    }

    /// <summary>An optional count of a renewal (default 0), on the scenario or, as some files put it, on its enterprise.</summary>
    private static int OptionalInt(Reader r, JsonElement scenario, JsonElement enterprise, string name) =>
        Member(scenario, name) is not null ? r.Int(scenario, name, "")
        : Member(enterprise, name) is not null ? r.Int(enterprise, name, "enterprise")
        : 0;

    /// <summary>A member by name, case-insensitively (the file is camelCase; a hand-written one may not be).</summary>
    private static JsonElement? Member(JsonElement o, string name)
    {
        if (o.ValueKind != JsonValueKind.Object) return null;
        foreach (var p in o.EnumerateObject())
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) return p.Value;
        return null;
    }

    /// <summary>Reads the members of one scenario, naming the scenario and the field in every complaint.</summary>
    private sealed class Reader(string id)
    {
        public RentPolicy Policy(JsonElement p, string at, bool requireDate)
        {
            if (p.ValueKind != JsonValueKind.Object) throw new RentFileException(id, at, "expected an object");
            var prices = new Dictionary<SpaceUse, decimal>();
            foreach (var price in Object(p, "basePrices", at).EnumerateObject())
            {
                var use = Use(price.Name, $"{at}.basePrices.{price.Name}");
                if (!prices.TryAdd(use, Number(price.Value, $"{at}.basePrices.{price.Name}")))
                    throw new RentFileException(id, $"{at}.basePrices.{price.Name}", "the same use is priced twice");
            }
            return new RentPolicy
            {
                EffectiveFrom = requireDate || Member(p, "effectiveFrom") is not null ? Date(p, "effectiveFrom", at) : DateOnly.MinValue,
                BasePrices = prices,
                LeadingIndustryDiscount = Decimal(p, "leadingIndustryDiscount", at),
                HighTechDiscount = Decimal(p, "highTechDiscount", at),
                UnrelatedIndustryPremium = Decimal(p, "unrelatedIndustryPremium", at),
                LongLeaseMinYears = Int(p, "longLeaseMinYears", at),
                LongLeaseYearlyDecrease = Decimal(p, "longLeaseYearlyDecrease", at),
                StartupFreeMonths = Int(p, "startupFreeMonths", at),
                ContributionFromLeaseYear = Int(p, "contributionFromLeaseYear", at),
                ContributionMaxDiscount = Decimal(p, "contributionMaxDiscount", at),
            };
        }

        public SpaceUse Use(string text, string field)
        {
            try { return SpaceUses.Parse(text, field); }
            catch (DomainRuleException e) { throw new RentFileException(id, field, $"unknown unit use \"{text}\" (expected {string.Join(", ", SpaceUses.Keys)})", e.Rule); }
        }

        public JsonElement Object(JsonElement o, string name, string at)
        {
            var v = Required(o, name, at);
            return v.ValueKind == JsonValueKind.Object ? v : throw new RentFileException(id, Path(at, name), "expected an object");
        }

        public string String(JsonElement o, string name, string at)
        {
            var v = Required(o, name, at);
            return v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString())
                ? v.GetString()!
                : throw new RentFileException(id, Path(at, name), "expected a non-empty string");
        }

        public bool Bool(JsonElement o, string name, string at) => Required(o, name, at).ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new RentFileException(id, Path(at, name), "expected true or false"),
        };

        public decimal Decimal(JsonElement o, string name, string at) => Number(Required(o, name, at), Path(at, name));

        public int Int(JsonElement o, string name, string at)
        {
            var d = Decimal(o, name, at);
            return d == decimal.Truncate(d) && d is >= int.MinValue and <= int.MaxValue
                ? (int)d
                : throw new RentFileException(id, Path(at, name), $"expected a whole number, got {d.ToString(CultureInfo.InvariantCulture)}");
        }

        public DateOnly Date(JsonElement o, string name, string at)
        {
            var v = Required(o, name, at);
            return v.ValueKind == JsonValueKind.String
                   && DateOnly.TryParseExact(v.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d
                : throw new RentFileException(id, Path(at, name), "expected a date \"yyyy-MM-dd\"");
        }

        private decimal Number(JsonElement v, string field)
        {
            if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d)) return d;
            if (v.ValueKind == JsonValueKind.String
                && decimal.TryParse(v.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out d)) return d;
            throw new RentFileException(id, field, "expected a number");
        }

        private JsonElement Required(JsonElement o, string name, string at) =>
            Member(o, name) is { ValueKind: not JsonValueKind.Null } v ? v : throw new RentFileException(id, Path(at, name), "is missing");

        private static string Path(string at, string name) => at.Length == 0 ? name : $"{at}.{name}";
    }
}
