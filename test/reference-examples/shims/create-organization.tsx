// Stands for the reader's own component that the organization-switcher example imports
// (`../components/create-organization`, built in the reference's "create organizations" custom
// flow, whose example uses an API outside issue 21 and is not collected).
export default function CreateOrganization() {
  return null
}
