using ParkOps.Domain.Benefits;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Tests.Benefits;

/// <summary>
/// The tax rebate: pool = ½·Σt to the 分 (half up); exact share = 0.5·t·0.7 + 0.5·Σt·0.3·s/Σs = 0.35·t + 0.15·Σt·s/Σs;
/// floored to the 分, the 分 left one each to the largest remainders, ties by identifier (ordinal). Hand-worked cases,
/// then thousands of generated ones checked against the rule's promises.
/// </summary>
public sealed class RebateAllocatorTests
{
    private static RebateResult Allocate(params (string Id, decimal Score, decimal Tax)[] rows) =>
        RebateAllocator.Allocate(rows.Select(r => new RebateInput(r.Id, r.Score, r.Tax)).ToList(), BenefitsSettings.Default);

    [Fact]
    public void Allocate_WholeYuanShares_ProRataPlusScorePart()
    {
        // Σt 6000 → pool 3000; 0.35·t + 0.15·6000·s/100 = 0.35·t + 9·s:
        // A 350 + 450 = 800, B 700 + 270 = 970, C 1050 + 180 = 1230 (together 3000)
        var r = Allocate(("A", 50, 1000), ("B", 30, 2000), ("C", 20, 3000));
        r.Pool.ShouldBe(3000.00m);
        r.Shares.Select(s => s.Allocation).ShouldBe([800.00m, 970.00m, 1230.00m]);
        r.Shares.Select(s => s.ProRataPart).ShouldBe([350m, 700m, 1050m]);
        r.Shares.Select(s => s.ScoreShare).ShouldBe([450m, 270m, 180m]);
        r.FenLeft.ShouldBe(0);
        r.ScorePartByTax.ShouldBeFalse();
    }

    [Fact]
    public void Allocate_FenLeft_GoesToTheLargestRemainder()
    {
        // Σt 1 → pool 0.50; scores 1, 2, 4 (Σ 7), score part 0.15·s/7:
        // A 0.35 + 0.15/7 = 0.371428… → 37 分 (rest 0.14 分); B 0.30/7 = 0.042857… → 4 分 (0.29); C 0.60/7 = 0.085714… → 8 分 (0.57)
        // floored 49 分, 1 分 left → C
        var r = Allocate(("A", 1, 1), ("B", 2, 0), ("C", 4, 0));
        r.Shares.Select(s => s.Allocation).ShouldBe([0.37m, 0.04m, 0.09m]);
        r.Shares.Select(s => s.ExtraFen).ShouldBe([false, false, true]);
        r.FenLeft.ShouldBe(1);
    }

    [Fact]
    public void Allocate_EqualRemainders_GoByIdentifierAscendingOrdinal()
    {
        // Σt 0.03 → ½ is 0.015 → pool 0.02 (half up); each exact share 0.005 → 0 分 with ½ 分 over; 2 分 left.
        // Ordinal order "B" (0x42) < "a" (0x61) < "b" (0x62): B and a get them (a culture order would give a and b, or a and B)
        var r = Allocate(("b", 1, 0.01m), ("B", 1, 0.01m), ("a", 1, 0.01m));
        r.Pool.ShouldBe(0.02m);
        r.Shares.Select(s => (s.Enterprise, s.Allocation)).ShouldBe([("b", 0.00m), ("B", 0.01m), ("a", 0.01m)]);
    }

    [Fact]
    public void Allocate_NoScores_ScorePartGoesProRataToTax()
    {
        // Σs = 0: each gets 0.35·t + 0.15·t = 0.5·t: 50 and 150
        var r = Allocate(("A", 0, 100), ("B", 0, 300));
        r.ScorePartByTax.ShouldBeTrue();
        r.Shares.Select(s => s.Allocation).ShouldBe([50.00m, 150.00m]);
        r.Shares.Select(s => s.ScoreShare).ShouldBe([15m, 45m]);
    }

    [Fact]
    public void Allocate_NoScoresWithRemainder_StillAddsUpToThePool()
    {
        // Σs = 0, Σt 0.03 → pool 0.02; exact 0.005 (0 分, ½ over) and 0.01 (1 分, nothing over): the 分 left goes to A
        var r = Allocate(("A", 0, 0.01m), ("B", 0, 0.02m));
        r.Shares.Select(s => s.Allocation).ShouldBe([0.01m, 0.01m]);
    }

    [Theory]
    // ½ × 0.05 = 0.025 → 0.03; ½ × 0.07 = 0.035 → 0.04 (banker's would give 0.02 and 0.04); ½ × 123.45 = 61.725 → 61.73
    [InlineData("0.05", "0.03")]
    [InlineData("0.07", "0.04")]
    [InlineData("123.45", "61.73")]
    [InlineData("0", "0.00")]
    public void Pool_HalfTheTax_RoundedHalfUpToTheFen(string tax, string pool)
    {
        var r = Allocate(("A", 10, decimal.Parse(tax, System.Globalization.CultureInfo.InvariantCulture)));
        r.Pool.ShouldBe(decimal.Parse(pool, System.Globalization.CultureInfo.InvariantCulture));
        r.Shares[0].Allocation.ShouldBe(r.Pool);
    }

    [Fact]
    public void Allocate_NoTax_EveryoneGetsZero()
    {
        var r = Allocate(("A", 40, 0), ("B", 60, 0));
        r.Pool.ShouldBe(0m);
        r.Shares.Select(s => s.Allocation).ShouldBe([0m, 0m]);
    }

    [Fact]
    public void Check_BadInput_ListsEveryFieldWithItsRule()
    {
        var problems = RebateAllocator.Check(
        [
            new("A", 10, -0.01m),
            new("B", -1, 5),
            new("A", 10, 5),
            new("", 10, 5),
        ]);
        problems.ShouldBe(new BenefitsInputProblem[]
        {
            new(0, "retained_tax_yuan", "RebateTaxMustNotBeNegative"),
            new(1, "score", "RebateScoreMustNotBeNegative"),
            new(2, "enterprise", "BenefitsEnterpriseRepeated"),
            new(3, "enterprise", "BenefitsEnterpriseRequired"),
        });
    }

    [Fact]
    public void Allocate_NegativeTax_RefusesNamingRuleAndField()
    {
        var ex = Should.Throw<DomainRuleException>(() => Allocate(("A", 10, 5), ("B", 10, -5)));
        (ex.Rule, ex.Field).ShouldBe(("RebateTaxMustNotBeNegative", "retained_tax_yuan"));
    }

    /// <summary>
    /// 5,000 generated parks: 1–40 enterprises, taxes with 0–2 decimals (many tiny ones, so remainders tie), scores with 2
    /// decimals (some parks with none). The pool is computed here from Σt, the exact share with decimal arithmetic.
    /// </summary>
    [Fact]
    public void Allocate_GeneratedParks_AddUpToThePoolNeverNegativeWithinOneFenOfTheExactShare()
    {
        var rnd = new Random(20250614);
        for (var park = 0; park < 5000; park++)
        {
            var n = rnd.Next(1, 41);
            var tiny = rnd.Next(4) == 0;
            var noScores = rnd.Next(10) == 0;
            var rows = Enumerable.Range(0, n).Select(i => new RebateInput(
                $"E{rnd.Next(1000):D3}-{i}",
                noScores ? 0 : rnd.Next(3) == 0 ? rnd.Next(0, 3) * 25m : rnd.Next(0, 10001) / 100m,
                tiny ? rnd.Next(0, 4) / 100m : Math.Round(rnd.Next(0, 300_000_000) / 100m, rnd.Next(0, 3)))).ToList();
            var r = RebateAllocator.Allocate(rows, BenefitsSettings.Default);

            var totalTax = rows.Sum(x => x.RetainedTax);
            var scoreSum = rows.Sum(x => x.Score);
            var pool = Math.Round(totalTax / 2, 2, MidpointRounding.AwayFromZero);
            r.Pool.ShouldBe(pool, $"park {park}");
            r.Shares.Sum(s => s.Allocation).ShouldBe(pool, $"park {park}");
            var gotExtra = new List<decimal>();
            var noExtra = new List<decimal>();
            for (var i = 0; i < n; i++)
            {
                var a = r.Shares[i].Allocation;
                a.ShouldBeGreaterThanOrEqualTo(0m);
                (a * 100).ShouldBe(decimal.Truncate(a * 100), $"park {park}: {a} is not whole 分");
                var exact = scoreSum == 0
                    ? rows[i].RetainedTax / 2
                    : 0.35m * rows[i].RetainedTax + 0.15m * totalTax * rows[i].Score / scoreSum;
                Math.Abs(a - exact).ShouldBeLessThanOrEqualTo(0.01m, $"park {park}: {a} vs exact {exact}");
                var floor = Math.Floor(exact * 100) / 100;
                (a == floor || a == floor + 0.01m).ShouldBeTrue($"park {park}: {a} vs exact {exact}");
                (a > floor ? gotExtra : noExtra).Add(exact * 100 - Math.Floor(exact * 100));
            }
            // largest remainders first: no one left without the extra 分 had a clearly larger remainder than one who got it
            if (gotExtra.Count > 0 && noExtra.Count > 0)
                noExtra.Max().ShouldBeLessThanOrEqualTo(gotExtra.Min() + 1e-15m, $"park {park}");
        }
    }
}
