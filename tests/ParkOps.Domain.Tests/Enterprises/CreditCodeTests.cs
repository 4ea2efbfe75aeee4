using ParkOps.Domain.Enterprises;
using ParkOps.Domain.Rules;

namespace ParkOps.Domain.Tests.Enterprises;

public sealed class CreditCodeTests
{
    // Real-format codes (Zhejiang registrations): 9 = 工商, 1 = 企业, 6-digit division code, 9-character organisation code, check.
    [Theory]
    [InlineData("91330879787789323L")]
    [InlineData("91330075081003392M")]
    [InlineData("913302314514506173")]
    [InlineData("91330106MA2GL0TX4H")]
    public void Check_RealCode_IsValid(string code)
    {
        CreditCode.Check(code).ShouldBe(CreditCode.Problem.None);
        CreditCode.IsValid(code).ShouldBeTrue();
    }

    [Theory]
    [InlineData("91330106MA2GL0TX4A", CreditCode.Problem.CheckDigit)] // right shape, wrong check character (H expected)
    [InlineData("91330879787789323M", CreditCode.Problem.CheckDigit)]
    [InlineData("91330106MA2GL0TX4", CreditCode.Problem.Length)]      // 17 characters
    [InlineData("91330106MA2GL0TX4HH", CreditCode.Problem.Length)]    // 19 characters
    [InlineData("91330106MA2GL0TX4H ", CreditCode.Problem.Length)]    // Check does not trim; Normalise does
    [InlineData("91330106ma2gl0tx4h", CreditCode.Problem.Charset)]    // Check does not upper-case; Normalise does
    [InlineData("", CreditCode.Problem.Empty)]
    [InlineData("   ", CreditCode.Problem.Empty)]
    [InlineData("\u3000", CreditCode.Problem.Empty)]
    [InlineData(null, CreditCode.Problem.Empty)]
    public void Check_BadCode_NamesTheProblem(string? code, CreditCode.Problem expected)
    {
        CreditCode.Check(code).ShouldBe(expected);
        CreditCode.IsValid(code).ShouldBeFalse();
    }

    // GB 32100 leaves out I, O, Z, S and V (they read like 1, 0, 2, 5 and U); none may appear anywhere, the check
    // position included, and the problem is the charset even where the check character would otherwise be wrong.
    [Theory]
    [InlineData('I')]
    [InlineData('O')]
    [InlineData('Z')]
    [InlineData('S')]
    [InlineData('V')]
    public void Check_ForbiddenLetter_IsCharsetProblemAtEveryPosition(char letter)
    {
        const string valid = "91330106MA2GL0TX4H";
        for (var i = 0; i < 18; i++)
        {
            var code = valid[..i] + letter + valid[(i + 1)..];
            CreditCode.Check(code).ShouldBe(CreditCode.Problem.Charset, $"{letter} at position {i}: {code}");
        }
    }

    [Fact]
    public void Charset_Is31CharactersWithoutForbiddenLetters()
    {
        CreditCode.Charset.Length.ShouldBe(31);
        CreditCode.Charset.Distinct().Count().ShouldBe(31);
        CreditCode.Charset.ShouldNotContain('I');
        CreditCode.Charset.ShouldNotContain('O');
        CreditCode.Charset.ShouldNotContain('Z');
        CreditCode.Charset.ShouldNotContain('S');
        CreditCode.Charset.ShouldNotContain('V');
    }

    [Theory]
    [InlineData("91330106ma2gl0tx4h")]
    [InlineData("  91330106MA2GL0TX4H  ")]
    [InlineData("\u300091330106MA2GL0TX4H\u3000")]           // full-width spaces around, as pasted from a Chinese document
    [InlineData("9133 0106 MA2G L0TX 4H")]                    // grouped for reading
    [InlineData("9133\u30000106\u3000ma2g\u3000l0tx\u30004h")] // full-width spaces inside, lower case
    public void Normalise_TypedOrPastedCode_BecomesTheValidCode(string typed)
    {
        var normalised = CreditCode.Normalise(typed);
        normalised.ShouldBe("91330106MA2GL0TX4H");
        CreditCode.IsValid(normalised).ShouldBeTrue();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("\u3000 \u3000")]
    public void Normalise_NothingTyped_GivesEmptyStringThatIsEmptyProblem(string? typed)
    {
        var normalised = CreditCode.Normalise(typed);
        normalised.ShouldBe("");
        CreditCode.Check(normalised).ShouldBe(CreditCode.Problem.Empty);
    }

    [Theory]
    [InlineData("91330106MA2GL0TX4", 'H')]
    [InlineData("91330879787789323", 'L')]
    [InlineData("91330075081003392", 'M')]
    [InlineData("91330231451450617", '3')]
    [InlineData("00000000000000000", '0')] // sum 0 → (31 − 0) mod 31 = 0, not the 32nd character
    public void CheckCharacter_First17_GivesTheCheckCharacter(string first17, char expected) =>
        CreditCode.CheckCharacter(first17).ShouldBe(expected);

    [Theory]
    [InlineData("9133010")]
    [InlineData("91330106MA2GL0TX4H")]
    [InlineData("91330106MA2GL0TXI")] // I is not in the charset
    [InlineData("91330106ma2gl0tx4")] // lower case is not either
    public void CheckCharacter_NotSeventeenCharsetCharacters_Throws(string first17) =>
        Should.Throw<ArgumentException>(() => CreditCode.CheckCharacter(first17));

    [Fact]
    public void EnsureValid_BadCheckCharacter_ThrowsRuleNamingFieldAndProblem()
    {
        var ex = Should.Throw<DomainRuleException>(() => CreditCode.EnsureValid("91330106MA2GL0TX4A", "code"));
        ex.Rule.ShouldBe("CreditCodeMustBeValid");
        ex.Field.ShouldBe("code");
        ex.Kind.ShouldBe(RuleKind.Invalid);
        ex.Arguments.ShouldBe(["CheckDigit"]);
    }

    [Fact]
    public void EnsureValid_ValidCode_DoesNotThrow() =>
        Should.NotThrow(() => CreditCode.EnsureValid("91330106MA2GL0TX4H"));

    // The claim behind the check character: the weights are 3^i mod 31, all non-zero in the field of 31 elements,
    // so changing one character by d (1..30) changes the sum by w·d ≢ 0 (mod 31) and the check character with it.
    [Fact]
    public void Weights_AreNonZeroModPrime_SoEverySingleSubstitutionChangesTheSum()
    {
        var weights = IndependentWeights();
        for (var i = 0; i < 17; i++)
            for (var d = 1; d < 31; d++)
                (weights[i] * d % 31).ShouldNotBe(0, $"position {i}, difference {d}");
    }

    [Fact]
    public void CheckCharacter_RandomCodes_AgreesWithIndependentImplementation()
    {
        var rnd = new Random(32100);
        for (var n = 0; n < 5000; n++)
        {
            var first17 = RandomFirst17(rnd);
            CreditCode.CheckCharacter(first17).ShouldBe(IndependentCheckCharacter(first17), first17);
        }
    }

    [Fact]
    public void IsValid_RandomCodeWithOneCharacterChanged_IsAlwaysInvalid()
    {
        var rnd = new Random(2015);
        for (var n = 0; n < 500; n++)
        {
            var first17 = RandomFirst17(rnd);
            var code = first17 + CreditCode.CheckCharacter(first17);
            CreditCode.IsValid(code).ShouldBeTrue(code);
            for (var i = 0; i < 18; i++)
                foreach (var other in CreditCode.Charset.Where(ch => ch != code[i]))
                {
                    var changed = code[..i] + other + code[(i + 1)..];
                    CreditCode.Check(changed).ShouldBe(CreditCode.Problem.CheckDigit, $"{code} → {changed}");
                }
        }
    }

    // Not claimed by the standard's text but follows from the same algebra: swapping two different neighbours among
    // the first 17 changes the sum by (a − b)·w_i·(1 − 3) ≢ 0 (mod 31).
    [Fact]
    public void IsValid_RandomCodeWithNeighboursSwapped_IsAlwaysInvalid()
    {
        var rnd = new Random(11714);
        for (var n = 0; n < 2000; n++)
        {
            var first17 = RandomFirst17(rnd);
            var code = first17 + CreditCode.CheckCharacter(first17);
            for (var i = 0; i < 16; i++)
            {
                if (code[i] == code[i + 1]) continue;
                var swapped = code[..i] + code[i + 1] + code[i] + code[(i + 2)..];
                CreditCode.IsValid(swapped).ShouldBeFalse($"{code} → {swapped}");
            }
        }
    }

    private static string RandomFirst17(Random rnd) =>
        new(Enumerable.Range(0, 17).Select(_ => CreditCode.Charset[rnd.Next(31)]).ToArray());

    // Written from GB 32100-2015 §5 without looking at the production code's tables.
    private static int[] IndependentWeights()
    {
        var w = new int[17];
        var p = 1;
        for (var i = 0; i < 17; i++) { w[i] = p; p = p * 3 % 31; }
        return w;
    }

    private static char IndependentCheckCharacter(string first17)
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        var w = IndependentWeights();
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += alphabet.IndexOf(first17[i]) * w[i];
        var c = 31 - sum % 31;
        return alphabet[c == 31 ? 0 : c];
    }
}
