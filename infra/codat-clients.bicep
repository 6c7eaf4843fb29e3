metadata name = 'Codat client settings'
metadata description = 'Types and functions that turn the Codat clients parameter into the app settings the intake binds (Alerts__Clients__{i}__..., Alerts__DefaultClient__...), with every credential a Key Vault reference.'

@export()
@description('How a Codat client authenticates. Secret names in Key Vault, never secret values.')
type codatCredentials = {
  @description('Optional. What a request must prove: Any (default in the app), Authorization, Signature or Both.')
  require: ('Any' | 'Authorization' | 'Signature' | 'Both')?

  @description('Optional. Names of the Key Vault secrets holding whole accepted Authorization header values (Bearer ..., Basic ...). Several allow rotation.')
  authorizationSecretNames: keyVaultSecretName[]?

  @description('Optional. Names of the Key Vault secrets holding Standard Webhooks signing secrets (whsec_...). Several allow rotation.')
  signingSecretNames: keyVaultSecretName[]?
}

@export()
@description('A Codat client whose alerts the app accepts.')
type codatClient = {
  @description('Required. The Codat client ID, as sent in the X-Codat-ClientId header.')
  @minLength(1)
  clientId: string

  @description('Optional. The partition to pin this client to (a noisy client on its own queue); hashed when absent.')
  @minValue(0)
  partition: int?

  @description('Optional. What a request must prove: Any (default in the app), Authorization, Signature or Both.')
  require: ('Any' | 'Authorization' | 'Signature' | 'Both')?

  @description('Optional. Names of the Key Vault secrets holding whole accepted Authorization header values (Bearer ..., Basic ...). Several allow rotation.')
  authorizationSecretNames: keyVaultSecretName[]?

  @description('Optional. Names of the Key Vault secrets holding Standard Webhooks signing secrets (whsec_...). Several allow rotation.')
  signingSecretNames: keyVaultSecretName[]?
}

@description('A Key Vault secret name: 1 to 127 letters, digits and hyphens.')
@minLength(1)
@maxLength(127)
type keyVaultSecretName = string

@export()
@description('An app setting value the platform resolves from Key Vault with the app\'s Key Vault reference identity.')
func keyVaultReference(vaultName string, secretName string) string =>
  '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=${secretName})'

@export()
@description('The settings of one credentials section: prefix__Require, prefix__Authorization__{j}, prefix__SigningSecrets__{j}.')
func credentialSettings(prefix string, credentials codatCredentials, vaultName string) object =>
  union(
    empty(credentials.?require) ? {} : { '${prefix}__Require': credentials.require! },
    indexedReferences('${prefix}__Authorization', credentials.?authorizationSecretNames ?? [], vaultName),
    indexedReferences('${prefix}__SigningSecrets', credentials.?signingSecretNames ?? [], vaultName)
  )

@export()
@description('The settings of listed client number index: Alerts__Clients__{index}__ClientId, __Partition and its credentials.')
func clientSettings(index int, client codatClient, vaultName string) object =>
  union(
    { 'Alerts__Clients__${index}__ClientId': client.clientId },
    client.?partition == null ? {} : { 'Alerts__Clients__${index}__Partition': string(client.partition!) },
    credentialSettings('Alerts__Clients__${index}', client, vaultName)
  )

@export()
@description('The settings of every listed client and of the optional default client, merged into one object.')
func allClientSettings(clients codatClient[], defaultClient codatCredentials?, vaultName string) object =>
  reduce(
    map(range(0, length(clients)), i => clientSettings(i, clients[i], vaultName)),
    defaultClient == null ? {} : credentialSettings('Alerts__DefaultClient', defaultClient!, vaultName),
    (merged, next) => union(merged, next)
  )

func indexedReferences(prefix string, secretNames string[], vaultName string) object =>
  toObject(range(0, length(secretNames)), j => '${prefix}__${j}', j => keyVaultReference(vaultName, secretNames[j]))

@export()
@description('The names of the Key Vault secrets holding Authorization header values, of every listed client and the default client, each once.')
func authorizationSecretNames(clients codatClient[], defaultClient codatCredentials?) string[] =>
  union(
    flatten(map(clients, client => client.?authorizationSecretNames ?? [])),
    defaultClient.?authorizationSecretNames ?? []
  )

@export()
@description('The names of the Key Vault secrets holding signing secrets, of every listed client and the default client, each once.')
func signingSecretNames(clients codatClient[], defaultClient codatCredentials?) string[] =>
  union(flatten(map(clients, client => client.?signingSecretNames ?? [])), defaultClient.?signingSecretNames ?? [])
