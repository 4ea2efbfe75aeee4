namespace ParkOps.Web.Data;

/// <summary>An entity that belongs to one park: scoped by the park ids the caller may see.</summary>
public interface IParkOwned
{
    long ParkId { get; }
}

/// <summary>An entity that belongs to one enterprise (and its park): confidential to that enterprise and its operators.</summary>
public interface IEnterpriseOwned : IParkOwned
{
    long EnterpriseId { get; }
}
